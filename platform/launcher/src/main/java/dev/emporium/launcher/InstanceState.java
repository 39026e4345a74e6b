package dev.emporium.launcher;

/** Where one service instance is in its life. */
enum InstanceState {
    STARTING, UP, CRASHED, RESTARTING, STOPPING, STOPPED
}
