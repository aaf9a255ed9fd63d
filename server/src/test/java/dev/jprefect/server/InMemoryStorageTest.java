package dev.jprefect.server;

import dev.jprefect.server.contract.StorageContract;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Storage;

/** The storage contract, on the in-memory store. */
class InMemoryStorageTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }
}
