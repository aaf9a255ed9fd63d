package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blocks: {@code /api/block_types}, {@code /api/block_schemas}, {@code /api/block_documents},
 * {@code /api/block_capabilities} and {@code /api/admin/storage}, as Prefect 3.9.1 answers them.
 */
class BlocksTest extends StoreSuite {
    /** A schema with a secret field; its checksum as Prefect 3.9.1's {@code Block._calculate_schema_checksum} computes it. */
    private static final Map<String, Object> VAULT_FIELDS = vaultFields();
    private static final String VAULT_CHECKSUM = "sha256:96351bc3de5ee77465635a9334c482a246b0342a043fe709abe2801ecdbe0699";

    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(newServer(clock));

    private static Map<String, Object> vaultFields() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("token", Map.of("title", "Token", "type", "string", "format", "password", "writeOnly", true));
        properties.put("ratio", Map.of("default", 0.1, "type", "number"));
        properties.put("big", Map.of("default", 1e16, "type", "number"));
        properties.put("label", Map.of("default", "caf\u00e9 \"q\"", "type", "string"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", "Vault");
        fields.put("type", "object");
        fields.put("properties", properties);
        fields.put("required", List.of("token"));
        fields.put("secret_fields", List.of("token"));
        fields.put("block_type_slug", "vault");
        fields.put("block_schema_references", Map.of());
        return fields;
    }

    private String type(String name, String slug) {
        Reply r = client.post("/api/block_types/", Map.of("name", name, "slug", slug));
        assertThat(r.status()).isEqualTo(201);
        return r.string("id");
    }

    private String schema(String typeId, Map<String, Object> fields, List<String> capabilities) {
        Reply r = client.post("/api/block_schemas/", Map.of("block_type_id", typeId, "fields", fields, "capabilities", capabilities));
        assertThat(r.status()).isEqualTo(201);
        return r.string("id");
    }

    private Reply document(String name, String typeId, String schemaId, Map<String, Object> data) {
        return client.post("/api/block_documents/", Map.of("name", name, "block_type_id", typeId, "block_schema_id", schemaId,
                "data", data));
    }

    @Test
    void blockTypesAreCreatedReadUpdatedAndDeleted() {
        Reply created = client.post("/api/block_types/", Map.of("name", "Vault", "slug", "vault",
                "logo_url", "  https://example.com/logo.png ", "description", "keeps <secrets> & more"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.string("id");
        assertThat(created.map()).containsOnlyKeys("id", "created", "updated", "name", "slug", "logo_url",
                "documentation_url", "description", "code_example", "is_protected");
        assertThat(created.map()).containsEntry("logo_url", "https://example.com/logo.png")
                .containsEntry("description", "keeps &lt;secrets&gt; &amp; more").containsEntry("is_protected", false);
        assertThat(client.get("/api/block_types/slug/vault").string("id")).isEqualTo(id);
        assertThat(client.get("/api/block_types/" + id).string("name")).isEqualTo("Vault");

        Reply twin = client.post("/api/block_types/", Map.of("name", "Other", "slug", "vault"));
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.map()).isEqualTo(Map.of("detail", "Block type with name \"Other\" already exists"));
        Reply reserved = client.post("/api/block_types/", Map.of("name", "PrefectThing", "slug", "thing"));
        assertThat(reserved.status()).isEqualTo(403);
        assertThat(reserved.map()).isEqualTo(Map.of("detail", "Block type names beginning with 'Prefect' are reserved."));
        Reply badSlug = client.post("/api/block_types/", Map.of("name", "X", "slug", "Not_A_Slug"));
        assertThat(badSlug.status()).isEqualTo(422);
        assertThat(badSlug.text()).contains("\"loc\":[\"body\",\"slug\"]",
                "Block type slug must only contain lowercase letters, numbers, and dashes.");

        type("Zeta", "zeta");
        assertThat(names(client.post("/api/block_types/filter", Map.of()))).containsExactly("Vault", "Zeta");
        assertThat(names(client.post("/api/block_types/filter", Map.of("block_types", Map.of("name", Map.of("like_", "aul"))))))
                .containsExactly("Vault");
        assertThat(names(client.post("/api/block_types/filter", Map.of("block_types", Map.of("slug", Map.of("any_", List.of("zeta"))))))).containsExactly("Zeta");
        assertThat(client.post("/api/block_types/filter", Map.of("block_types", Map.of("operator", "or_"))).status())
                .isEqualTo(422); // BlockTypeFilter has no operator

        clock.advance(Duration.ofSeconds(3));
        assertThat(client.patch("/api/block_types/" + id, Map.of("code_example", "Vault.load('x')")).status()).isEqualTo(204);
        Reply patched = client.get("/api/block_types/" + id);
        assertThat(patched.map()).containsEntry("code_example", "Vault.load('x')")
                .containsEntry("description", "keeps &lt;secrets&gt; &amp; more");
        assertThat(patched.string("updated")).isNotEqualTo(patched.string("created"));
        assertThat(client.patch("/api/block_types/" + id, Map.of("slug", "nope")).status()).isEqualTo(422);

        assertThat(client.delete("/api/block_types/" + id).status()).isEqualTo(204);
        Reply gone = client.get("/api/block_types/slug/vault");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.map()).isEqualTo(Map.of("detail", "Block type not found"));
        assertThat(client.delete("/api/block_types/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSchemaIsKnownByPrefectsChecksumAndRegisteredOnce() {
        String vault = type("Vault", "vault");
        Reply created = client.post("/api/block_schemas/", Map.of("block_type_id", vault, "fields", VAULT_FIELDS,
                "capabilities", List.of("read-path", "write-path")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.string("checksum")).isEqualTo(VAULT_CHECKSUM);
        assertThat(created.map()).containsEntry("version", "non-versioned");
        assertThat(created.at("block_type.slug")).isEqualTo("vault");
        String id = created.string("id");

        Reply again = client.post("/api/block_schemas/", Map.of("block_type_id", vault, "fields", VAULT_FIELDS));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(id);
        assertThat(client.get("/api/block_schemas/checksum/" + VAULT_CHECKSUM).string("id")).isEqualTo(id);
        assertThat(client.get("/api/block_schemas/checksum/" + VAULT_CHECKSUM + "?version=2").status()).isEqualTo(404);
        assertThat(client.get("/api/block_schemas/" + id).at("fields.secret_fields")).isEqualTo(List.of("token"));
        assertThat(client.get("/api/block_capabilities/").list()).containsExactly("read-path", "write-path");
        assertThat(client.post("/api/block_schemas/filter", Map.of("block_schemas",
                Map.of("block_capabilities", Map.of("all_", List.of("write-path"))))).list()).hasSize(1);
        assertThat(client.post("/api/block_schemas/filter", Map.of("block_schemas",
                Map.of("block_capabilities", Map.of("all_", List.of("write-path", "fly"))))).list()).isEmpty();

        Reply noType = client.post("/api/block_schemas/", Map.of("block_type_id", "00000000-0000-4000-8000-000000000000"));
        assertThat(noType.status()).isEqualTo(404);
        assertThat(noType.map()).isEqualTo(Map.of("detail", "Block type 00000000-0000-4000-8000-000000000000 not found."));
        assertThat(client.delete("/api/block_schemas/" + id).status()).isEqualTo(204);
        assertThat(client.get("/api/block_schemas/" + id).map()).isEqualTo(Map.of("detail", "Block schema not found"));
    }

    @Test
    void secretsAreObfuscatedUnlessAskedForAndKeptWhenSentBackObfuscated() {
        String vault = type("Vault", "vault");
        String schema = schema(vault, VAULT_FIELDS, List.of());
        Reply created = document("prod", vault, schema, Map.of("token", "s3cr3t", "label", "prod"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.at("data")).isEqualTo(Map.of("token", "********", "label", "prod"));
        assertThat(created.map()).containsEntry("block_type_name", "Vault").containsEntry("is_anonymous", false)
                .containsEntry("block_document_references", Map.of());
        assertThat(created.at("block_schema.checksum")).isEqualTo(VAULT_CHECKSUM);
        String id = created.string("id");

        assertThat(client.get("/api/block_documents/" + id).at("data.token")).isEqualTo("********");
        assertThat(client.get("/api/block_documents/" + id + "?include_secrets=true").at("data.token")).isEqualTo("s3cr3t");
        assertThat(client.get("/api/block_types/slug/vault/block_documents/name/prod?include_secrets=1").at("data.token"))
                .isEqualTo("s3cr3t");
        assertThat(client.get("/api/block_documents/" + id + "?include_secrets=maybe").status()).isEqualTo(422);

        // the UI saves every field it read: the obfuscated secret it sends back keeps the stored one
        assertThat(client.patch("/api/block_documents/" + id, Map.of("data", Map.of("token", "********", "label", "live")))
                .status()).isEqualTo(204);
        Reply read = client.get("/api/block_documents/" + id + "?include_secrets=true");
        assertThat(read.at("data")).isEqualTo(Map.of("token", "s3cr3t", "label", "live"));
        // merging (the default) keeps keys not sent; replacing does not
        client.patch("/api/block_documents/" + id, Map.of("data", Map.of("label", "merged")));
        assertThat(client.get("/api/block_documents/" + id + "?include_secrets=true").at("data"))
                .isEqualTo(Map.of("token", "s3cr3t", "label", "merged"));
        client.patch("/api/block_documents/" + id, Map.of("data", Map.of("token", "n3w"), "merge_existing_data", false));
        assertThat(client.get("/api/block_documents/" + id + "?include_secrets=true").at("data")).isEqualTo(Map.of("token", "n3w"));
        assertThat(client.patch("/api/block_documents/" + id, Map.of("data", Map.of(), "color", "red")).status()).isEqualTo(422);
    }

    @Test
    void namesAreUniquePerTypeAndAnonymousDocumentsAreListedOnlyWhenAsked() {
        String vault = type("Vault", "vault");
        String schema = schema(vault, VAULT_FIELDS, List.of());
        assertThat(document("prod", vault, schema, Map.of("token", "a")).status()).isEqualTo(201);
        Reply twin = document("prod", vault, schema, Map.of("token", "b"));
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.map()).isEqualTo(Map.of("detail", "Block already exists"));
        Reply badName = document("Prod!", vault, schema, Map.of());
        assertThat(badName.status()).isEqualTo(422);
        assertThat(badName.text()).contains("Block document name must only contain lowercase letters, numbers, and dashes.");
        Reply unnamed = client.post("/api/block_documents/", Map.of("block_type_id", vault, "block_schema_id", schema));
        assertThat(unnamed.status()).isEqualTo(422);
        assertThat(unnamed.text()).contains("\"loc\":[\"body\"]", "Value error, Names must be provided for block documents.");

        Reply anonymous = client.post("/api/block_documents/", Map.of("block_type_id", vault, "block_schema_id", schema,
                "is_anonymous", true, "data", Map.of("token", "x")));
        assertThat(anonymous.status()).isEqualTo(201);
        assertThat(anonymous.string("name")).startsWith("anonymous-");
        assertThat(client.post("/api/block_documents/count", Map.of()).json()).isEqualTo(1L);
        assertThat(client.post("/api/block_documents/count", Map.of("block_documents", Map.of("is_anonymous", Map.of())))
                .json()).isEqualTo(2L);
        assertThat(client.post("/api/block_documents/filter", Map.of()).list()).hasSize(1);
        assertThat(client.get("/api/block_types/slug/vault/block_documents").list()).hasSize(1);
        assertThat(client.get("/api/block_types/slug/none/block_documents").status()).isEqualTo(404);
        assertThat(client.post("/api/block_documents/count", Map.of("block_types",
                Map.of("slug", Map.of("any_", List.of("vault"))))).json()).isEqualTo(1L);
        assertThat(client.post("/api/block_documents/count", Map.of("block_schemas",
                Map.of("block_capabilities", Map.of("all_", List.of("write-path"))))).json()).isEqualTo(0L);
    }

    @Test
    void aNestedDocumentIsAnsweredInsideItsParent() {
        String vault = type("Vault", "vault");
        String vaultSchema = schema(vault, VAULT_FIELDS, List.of());
        String app = type("App", "app");
        Map<String, Object> appFields = Map.of("title", "App", "type", "object",
                "properties", Map.of("vault", Map.of("$ref", "#/definitions/Vault"), "port", Map.of("type", "integer")),
                "block_schema_references", Map.of("vault", Map.of("block_type_slug", "vault", "block_schema_checksum", VAULT_CHECKSUM)),
                "definitions", Map.of("Vault", VAULT_FIELDS));
        Reply appSchema = client.post("/api/block_schemas/", Map.of("block_type_id", app, "fields", appFields));
        assertThat(appSchema.status()).isEqualTo(201);
        Reply readSchema = client.get("/api/block_schemas/" + appSchema.string("id"));
        assertThat(readSchema.at("fields.block_schema_references.vault"))
                .isEqualTo(Map.of("block_schema_checksum", VAULT_CHECKSUM, "block_type_slug", "vault"));
        assertThat(readSchema.at("fields.definitions.Vault.title")).isEqualTo("Vault");

        String inner = document("inner", vault, vaultSchema, Map.of("token", "t0p")).string("id");
        Reply outer = document("outer", app, appSchema.string("id"),
                Map.of("port", 8080, "vault", Map.of("$ref", Map.of("block_document_id", inner))));
        assertThat(outer.status()).isEqualTo(201);
        assertThat(outer.at("data")).isEqualTo(Map.of("port", 8080L, "vault", Map.of("token", "********")));
        assertThat(outer.at("block_document_references.vault.block_document.id")).isEqualTo(inner);
        assertThat(outer.at("block_document_references.vault.block_document.block_type.slug")).isEqualTo("vault");
        String outerId = outer.string("id");
        assertThat(client.get("/api/block_documents/" + outerId + "?include_secrets=true").at("data.vault.token"))
                .isEqualTo("t0p");

        Reply cycle = client.patch("/api/block_documents/" + inner,
                Map.of("data", Map.of("loop", Map.of("$ref", Map.of("block_document_id", outerId)))));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.string("detail")).startsWith("Cannot create block document reference: it would introduce a cycle");
        Reply noId = document("broken", app, appSchema.string("id"), Map.of("vault", Map.of("$ref", Map.of())));
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.map()).isEqualTo(Map.of("detail", "Received block reference without a block_document_id in key vault"));

        assertThat(client.delete("/api/block_documents/" + inner).status()).isEqualTo(204);
        assertThat(client.get("/api/block_documents/" + outerId).at("data")).isEqualTo(Map.of("port", 8080L));
    }

    @Test
    void aNestedBlocksSchemaIsRegisteredFromTheParentsDefinitions() {
        String vault = type("Vault", "vault");
        String app = type("App", "app");
        Map<String, Object> appFields = Map.of("title", "App", "type", "object",
                "properties", Map.of("vault", Map.of("$ref", "#/definitions/Vault")),
                "block_schema_references", Map.of("vault", Map.of("block_type_slug", "vault", "block_schema_checksum", VAULT_CHECKSUM)),
                "definitions", Map.of("Vault", VAULT_FIELDS));
        assertThat(client.post("/api/block_schemas/", Map.of("block_type_id", app, "fields", appFields)).status()).isEqualTo(201);
        Reply nested = client.get("/api/block_schemas/checksum/" + VAULT_CHECKSUM);
        assertThat(nested.status()).isEqualTo(200);
        assertThat(nested.string("block_type_id")).isEqualTo(vault);

        Reply missingType = client.post("/api/block_schemas/", Map.of("block_type_id", app, "fields", Map.of("title", "X",
                "block_schema_references", Map.of("x", Map.of("block_type_slug", "nope", "block_schema_checksum", "sha256:0")))));
        assertThat(missingType.status()).isEqualTo(409);
        assertThat(missingType.map()).isEqualTo(Map.of("detail",
                "Cannot create block schema because block type 'nope' was not found.Did you forget to register the block type?"));
    }

    @Test
    void theDefaultResultStorageIsADocumentThatCanWritePaths() {
        assertThat(client.get("/api/admin/storage").map()).isEqualTo(mapOfNull("default_result_storage_block_id"));
        String vault = type("Vault", "vault");
        String plain = document("plain", vault, schema(vault, VAULT_FIELDS, List.of()), Map.of()).string("id");
        Reply refused = client.send("PUT", "/api/admin/storage", Map.of("default_result_storage_block_id", plain), Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.map()).isEqualTo(Map.of("detail", "Block document " + plain + " cannot be used for result storage."));

        String bucket = type("Bucket", "bucket");
        String writer = document("results", bucket, schema(bucket, Map.of("title", "Bucket"), List.of("write-path")), Map.of())
                .string("id");
        Reply set = client.send("PUT", "/api/admin/storage", Map.of("default_result_storage_block_id", writer), Map.of());
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.map()).isEqualTo(Map.of("default_result_storage_block_id", writer));
        assertThat(client.get("/api/admin/storage").map()).isEqualTo(Map.of("default_result_storage_block_id", writer));

        assertThat(client.delete("/api/block_documents/" + writer).status()).isEqualTo(204);
        assertThat(client.get("/api/admin/storage").map()).isEqualTo(mapOfNull("default_result_storage_block_id"));
        Reply missing = client.send("PUT", "/api/admin/storage", Map.of("default_result_storage_block_id", writer), Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.map()).isEqualTo(Map.of("detail", "Block document " + writer + " not found."));
        assertThat(client.delete("/api/admin/storage").status()).isEqualTo(204);
    }

    @Test
    void deletingATypeDeletesItsSchemasAndDocuments() {
        String vault = type("Vault", "vault");
        String schema = schema(vault, VAULT_FIELDS, List.of());
        String doc = document("prod", vault, schema, Map.of()).string("id");
        assertThat(client.delete("/api/block_types/" + vault).status()).isEqualTo(204);
        assertThat(client.get("/api/block_schemas/" + schema).status()).isEqualTo(404);
        assertThat(client.get("/api/block_documents/" + doc).status()).isEqualTo(404);
    }

    @Test
    void aDeploymentNamesOnlyABlockDocumentThatExists() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String missing = "00000000-0000-4000-8000-000000000000";
        Reply refused = client.post("/api/deployments/", Map.of("name", "nightly", "flow_id", flow, "storage_document_id", missing));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("detail")).startsWith("Error creating deployment. Could not find storage block with id: " + missing);
        String vault = type("Vault", "vault");
        String doc = document("prod", vault, schema(vault, VAULT_FIELDS, List.of()), Map.of()).string("id");
        Reply created = client.post("/api/deployments/", Map.of("name", "nightly", "flow_id", flow, "storage_document_id", doc));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.string("storage_document_id")).isEqualTo(doc);
    }

    private static Map<String, Object> mapOfNull(String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, null);
        return m;
    }

    private static List<Object> names(Reply r) {
        return r.list().stream().map(t -> ((Map<?, ?>) t).get("name")).map(Object.class::cast).toList();
    }
}
