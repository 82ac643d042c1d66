package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The mirror schema, read from the same cn=config LDIF that OpenLDAP loads
 * ({@code conf/ldap/mssante-mirror-schema.ldif}, on the classpath as {@value #RESOURCE}).
 */
public final class MirrorSchema {
    public static final String RESOURCE = "/ldap/mssante-mirror-schema.ldif";

    private MirrorSchema() {
    }

    /** Our attribute types and object classes alone, as a subschema entry. */
    public static Schema ours() {
        try (InputStream in = MirrorSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + RESOURCE + " missing from the classpath");
            }
            Entry config = new LDIFReader(in).readEntry();
            Entry subschema = new Entry("cn=schema");
            subschema.addAttribute("objectClass", "top", "subschema");
            subschema.addAttribute(renamed(config, "olcAttributeTypes", "attributeTypes"));
            subschema.addAttribute(renamed(config, "olcObjectClasses", "objectClasses"));
            return new Schema(subschema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        } catch (LDIFException e) {
            throw new IllegalStateException("invalid schema LDIF " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The standard schema (core, cosine, inetOrgPerson...) plus ours: what the embedded mirror enforces. */
    public static Schema withStandard() {
        try {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), ours());
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot load the standard LDAP schema: " + e.getMessage(), e);
        }
    }

    private static Attribute renamed(Entry entry, String from, String to) {
        Attribute attribute = entry.getAttribute(from);
        if (attribute == null) {
            throw new IllegalStateException("schema LDIF " + RESOURCE + " has no " + from);
        }
        return new Attribute(to, attribute.getValues());
    }
}
