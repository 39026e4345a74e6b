package dev.emporium.platform.defaults.web;

import java.util.List;

import org.springframework.data.domain.Page;

/**
 * The public API's page shape: {@code {"content":[...],"page":{"number","size","totalElements","totalPages"}}}.
 */
public record PageResponse<T>(List<T> content, PageMetadata page) {

    public static <T> PageResponse<T> of(Page<T> page) {
        return new PageResponse<>(page.getContent(),
                new PageMetadata(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages()));
    }

    public record PageMetadata(int number, int size, long totalElements, int totalPages) {
    }
}
