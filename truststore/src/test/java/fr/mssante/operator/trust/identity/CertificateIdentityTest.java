package fr.mssante.operator.trust.identity;

import static org.assertj.core.api.Assertions.assertThat;

import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.pki.TestProfile;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {
    @Test
    void serverCertificateGivesFqdnStructureAndOrganisation() {
        var c = Pkis.main().issueServerCertificate("MX.Hopital.mssante.test", "1690000100",
                "CENTRE HOSPITALIER AVEC UN NOM TRES LONG QUI DEPASSE");
        CertificateIdentity id = CertificateIdentity.of(c.certificate());
        assertThat(id.fqdn()).contains("mx.hopital.mssante.test");
        assertThat(id.matchesHost("mx.hopital.MSSANTE.test")).isTrue();
        assertThat(id.matchesHost("autre.mssante.test")).isFalse();
        assertThat(id.structureId()).contains(new StructureId(StructureId.Type.FINESS, "690000100"));
        assertThat(id.organisation().orElseThrow()).hasSize(40);
        assertThat(id.professionalId()).isEmpty();
    }

    @Test
    void personalCertificateGivesNationalProfessionalId() {
        var c = Pkis.main().issuePersonalCertificate(TestProfile.PERSONAL_SIGNATURE, "810001234567", "Élise", "Martin");
        CertificateIdentity id = CertificateIdentity.of(c.certificate());
        assertThat(id.professionalId()).contains("810001234567");
        assertThat(id.fqdns()).isEmpty();
    }

    @Test
    void structureIdsAreRecognisedByPrefixAndLength() {
        assertThat(StructureId.parse("318000000000100")).contains(new StructureId(StructureId.Type.SIRET, "18000000000100"));
        assertThat(StructureId.parse("12A0000100")).contains(new StructureId(StructureId.Type.FINESS, "2A0000100"));
        assertThat(StructureId.parse("3180000")).isEmpty();
        assertThat(StructureId.parse("0002 187512751")).isEmpty();
        assertThat(StructureId.parse("31800000000010A")).isEmpty();
    }
}
