package dev.jprefect.client.schemas;

import java.util.List;

/**
 * One page of {@code POST /deployments/paginate}, Prefect's {@code DeploymentPaginationResponse}.
 *
 * @param results the deployments of this page; never null
 * @param count how many deployments match in all
 * @param limit the page size
 * @param pages how many pages there are
 * @param page this page's number, from 1
 */
public record DeploymentPage(List<Deployment> results, long count, int limit, int pages, int page) {

    /** Copies the results. */
    public DeploymentPage {
        results = Copies.list(results);
    }
}
