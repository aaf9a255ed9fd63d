package dev.jprefect.server;

import dev.jprefect.server.contract.QueryEquivalence;
import dev.jprefect.server.contract.StorageContract;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Storage;
import org.junit.jupiter.api.Test;

/** The storage contract, on the in-memory store. */
class InMemoryStorageTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }

    /**
     * The index's sets at a size where they are bitmaps and arrays over more than one chunk (over
     * 65,536 rows numbered), changed and partly removed: several tags, alone and with owners,
     * states and wide ranges, answer as a scan does.
     */
    @Test
    void severalTagsOverManyRowsAnswerAsAFullScanDoes() {
        QueryEquivalence rows = new QueryEquivalence(17, 70_000);
        Storage tested = newStorage();
        Storage reference = InMemoryStorage.scanning();
        rows.fill(tested, reference);
        rows.compareSeveralTags(tested, reference, 150);
    }
}
