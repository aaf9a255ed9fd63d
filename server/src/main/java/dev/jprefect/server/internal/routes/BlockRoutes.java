package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.BlockDocuments;
import dev.jprefect.server.internal.models.BlockSchemas;
import dev.jprefect.server.internal.models.BlockTypes;
import dev.jprefect.server.internal.models.Models;
import dev.jprefect.server.internal.models.StorageDefault;
import dev.jprefect.server.internal.schema.Obj;

/**
 * Blocks: {@code /block_types}, {@code /block_documents}, {@code /block_schemas},
 * {@code /block_capabilities} and the server's default result storage ({@code /admin/storage}),
 * each registered where Prefect registers its router. Secrets are obfuscated unless a read asks
 * for {@code include_secrets}.
 *
 * <p>{@code POST /block_types/install_system_block_types} is not served: Prefect's server registers
 * its built-in block types from its Python classes, which jprefect cannot run; clients register the
 * types they use (Python's {@code Block.save()}, {@code prefect block register}).
 */
final class BlockRoutes {
    static final String TYPE_NOT_FOUND = "Block type not found";
    static final String DOCUMENT_NOT_FOUND = "Block document not found";
    static final String SCHEMA_NOT_FOUND = "Block schema not found";
    private static final String INCLUDE_SECRETS = "include_secrets";

    private BlockRoutes() {
    }

    /** {@code /block_types}, after the concurrency limits, as Prefect orders its routers. */
    static void registerTypes(Router router, Models models, ServerSettings settings, Guard guard) {
        BlockTypes types = models.blockTypes;
        BlockDocuments documents = models.blockDocuments;
        router.add("POST", "/block_types/", guard.versioned(call -> Responses.json(201,
                        types.create(call.bodyObj(BlockTypes.CREATE_BODY, true)))))
                .add("GET", "/block_types/{id:uuid}", guard.versioned(call -> Answers.found(types.read(call.pathUuid("id")),
                        TYPE_NOT_FOUND)))
                .add("GET", "/block_types/slug/{slug}", guard.versioned(call -> Answers.found(types.readBySlug(call.path("slug")),
                        TYPE_NOT_FOUND)))
                .add("POST", "/block_types/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(BlockTypes.FILTER_BODY, false);
                    return Responses.ok(types.filter(body, settings.limit(body)));
                }))
                .add("PATCH", "/block_types/{id:uuid}", guard.versioned(call -> {
                    var id = call.pathUuid("id");
                    return Answers.noContent(types.update(id, call.bodyObj(BlockTypes.UPDATE_BODY, true)), TYPE_NOT_FOUND);
                }))
                .add("DELETE", "/block_types/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        types.delete(call.pathUuid("id")), TYPE_NOT_FOUND)))
                .add("GET", "/block_types/slug/{slug}/block_documents", guard.versioned(call -> Answers.found(
                        documents.readForType(call.path("slug"), call.queryBool(INCLUDE_SECRETS, false)), TYPE_NOT_FOUND)))
                .add("GET", "/block_types/slug/{slug}/block_documents/name/{block_document_name}", guard.versioned(call ->
                        Answers.found(documents.readByName(call.path("slug"), call.path("block_document_name"),
                                call.queryBool(INCLUDE_SECRETS, false)), DOCUMENT_NOT_FOUND)));
    }

    /** {@code /block_documents}, right after the block types. */
    static void registerDocuments(Router router, BlockDocuments documents, ServerSettings settings, Guard guard) {
        router.add("POST", "/block_documents/", guard.versioned(call -> Responses.json(201,
                        documents.create(call.bodyObj(BlockDocuments.CREATE_BODY, true)))))
                .add("POST", "/block_documents/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(BlockDocuments.FILTER_BODY, false);
                    return Responses.ok(documents.filter(body, settings.limit(body)));
                }))
                .add("POST", "/block_documents/count", guard.versioned(call -> Responses.ok(
                        documents.count(call.bodyObj(BlockDocuments.COUNT_BODY, false)))))
                .add("GET", "/block_documents/{id:uuid}", guard.versioned(call -> Answers.found(
                        documents.read(call.pathUuid("id"), call.queryBool(INCLUDE_SECRETS, false)), DOCUMENT_NOT_FOUND)))
                .add("DELETE", "/block_documents/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        documents.delete(call.pathUuid("id")), DOCUMENT_NOT_FOUND)))
                .add("PATCH", "/block_documents/{id:uuid}", guard.versioned(call -> {
                    var id = call.pathUuid("id");
                    return Answers.noContent(documents.update(id, call.bodyObj(BlockDocuments.UPDATE_BODY, true)),
                            DOCUMENT_NOT_FOUND);
                }));
    }

    /** {@code /block_schemas} and {@code /block_capabilities}, after the artifacts. */
    static void registerSchemas(Router router, BlockSchemas schemas, ServerSettings settings, Guard guard) {
        router.add("POST", "/block_schemas/", guard.versioned(call -> Answers.written(
                        schemas.create(call.bodyObj(BlockSchemas.CREATE_BODY, true)))))
                .add("DELETE", "/block_schemas/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        schemas.delete(call.pathUuid("id")), SCHEMA_NOT_FOUND)))
                .add("POST", "/block_schemas/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(BlockSchemas.FILTER_BODY, false);
                    return Responses.ok(schemas.filter(body, settings.limit(body)));
                }))
                .add("GET", "/block_schemas/{id:uuid}", guard.versioned(call -> Answers.found(schemas.read(call.pathUuid("id")),
                        SCHEMA_NOT_FOUND)))
                .add("GET", "/block_schemas/checksum/{checksum}", guard.versioned(call -> Answers.found(
                        schemas.readByChecksum(call.path("checksum"), call.query("version")), SCHEMA_NOT_FOUND)))
                .add("GET", "/block_capabilities/", guard.versioned(call -> Responses.ok(schemas.capabilities())));
    }

    /** {@code /admin/storage}: the server's default result storage block. */
    static void registerStorage(Router router, StorageDefault storage, Guard guard) {
        router.add("GET", "/admin/storage", guard.versioned(call -> Responses.ok(storage.read())))
                .add("PUT", "/admin/storage", guard.versioned(call -> Responses.ok(storage.set(
                        call.bodyObj(StorageDefault.UPDATE_BODY, true).uuid("default_result_storage_block_id")))))
                .add("DELETE", "/admin/storage", guard.versioned(call -> {
                    storage.clear();
                    return Responses.noContent();
                }));
    }
}
