/** The figures the back office reads ({@code /api/analytics/**}), answered from the topology's state stores. */
package dev.emporium.analytics.figures;
