package fr.mssante.operator.server.storage;

import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

/**
 * James's JPA recipient rewrite table (forwards, aliases, groups, domain mappings) with the stored mappings of each
 * source read from memory: the pipeline resolves every recipient, at RCPT and again in the mailet, with a query per
 * source and per domain. Every mapping change goes through {@link #addMapping} or {@link #removeMapping}, which
 * clear the cache after writing.
 */
public class CachingRecipientRewriteTable extends JPARecipientRewriteTable {
    private static final long MAX_ENTRIES = 100_000;

    private final WriteClearedCache<MappingSource, Mappings> storedMappings = new WriteClearedCache<>(MAX_ENTRIES);

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        return storedMappings.get(source, super::getStoredMappings);
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        try {
            super.addMapping(source, mapping);
        } finally {
            storedMappings.clear();
        }
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        try {
            super.removeMapping(source, mapping);
        } finally {
            storedMappings.clear();
        }
    }
}
