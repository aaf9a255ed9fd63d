package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.storage.ConfigurationRow;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Block documents' data encrypted at rest, as Prefect keeps it: a Fernet token (AES-128-CBC, then
 * HMAC-SHA256 over the whole token) of the data's JSON, under a key generated the first time a
 * document is written and kept in the server's configuration as Prefect keeps it
 * ({@code ENCRYPTION_KEY}: {@code {"fernet_key": ...}}). Neither the key nor the data is ever
 * written to a log or a message.
 */
final class BlockDataCipher {
    /** The configuration key of the encryption key, as Prefect's. */
    static final String KEY = "ENCRYPTION_KEY";
    private static final String FERNET_KEY = "fernet_key";
    private static final byte VERSION = (byte) 0x80;
    private static final int IV_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlockDataCipher() {
    }

    /** Returns {@code data} as a Fernet token, making the store's key if it has none yet (in a write transaction). */
    static String encrypt(Transaction tx, Map<String, Object> data, Instant now) {
        byte[] key = key(tx, now);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 16, 16, "AES"), new IvParameterSpec(iv));
            byte[] sealed = aes.doFinal(Json.write(data).getBytes(StandardCharsets.UTF_8));
            ByteBuffer token = ByteBuffer.allocate(1 + 8 + IV_BYTES + sealed.length + MAC_BYTES);
            token.put(VERSION).putLong(now.getEpochSecond()).put(iv).put(sealed);
            token.put(mac(key, token.array(), token.position()));
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES or HMAC-SHA256 failed", e);
        }
    }

    /** Returns the data of a token {@link #encrypt} made with this store's key. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decrypt(Transaction tx, String token) {
        byte[] key = tx.table(ConfigurationRow.TABLE).findUnique(ConfigurationRow.BY_KEY, KEY)
                .map(row -> decodeKey(row.value.get(FERNET_KEY)))
                .orElseThrow(() -> new IllegalStateException("block data is stored but the store has no encryption key"));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        int body = bytes.length - MAC_BYTES;
        if (body < 1 + 8 + IV_BYTES || bytes[0] != VERSION
                || !MessageDigest.isEqual(mac(key, bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw new IllegalStateException("a stored block document's data does not match the store's encryption key");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, 16, 16, "AES"), new IvParameterSpec(bytes, 9, IV_BYTES));
            byte[] plain = aes.doFinal(bytes, 9 + IV_BYTES, body - 9 - IV_BYTES);
            return (Map<String, Object>) Json.parse(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored block document's data cannot be decrypted", e);
        }
    }

    private static byte[] mac(byte[] key, byte[] bytes, int length) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, 0, 16, "HmacSHA256"));
            hmac.update(bytes, 0, length);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's HMAC-SHA256 failed", e);
        }
    }

    private static byte[] key(Transaction tx, Instant now) {
        Table<ConfigurationRow> table = tx.table(ConfigurationRow.TABLE);
        return table.findUnique(ConfigurationRow.BY_KEY, KEY).map(row -> decodeKey(row.value.get(FERNET_KEY))).orElseGet(() -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            ConfigurationRow row = new ConfigurationRow();
            row.id = UUID.randomUUID();
            row.created = now;
            row.updated = now;
            row.key = KEY;
            row.value = Map.of(FERNET_KEY, Base64.getUrlEncoder().encodeToString(fresh));
            table.put(row);
            return fresh;
        });
    }

    private static byte[] decodeKey(Object text) {
        byte[] key = Base64.getUrlDecoder().decode(String.valueOf(text));
        if (key.length != 32) {
            throw new IllegalStateException("the store's block encryption key is not a Fernet key");
        }
        return key;
    }
}
