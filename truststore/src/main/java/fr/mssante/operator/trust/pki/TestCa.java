package fr.mssante.operator.trust.pki;

/** The four CAs of the TEST hierarchy, with their real names and CRL file names (TEST suffix). */
public enum TestCa {
    ROOT_ELEMENTAIRE("TEST AC RACINE IGC-SANTE ELEMENTAIRE", "ACR-EL-TEST", null),
    ORGANISATIONS("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS", "ACI-EL-ORG-TEST", ROOT_ELEMENTAIRE),
    ROOT_FORT("TEST AC RACINE IGC-SANTE FORT", "ACR-FO-TEST", null),
    PERSONNES("TEST AC IGC-SANTE FORT PERSONNES", "ACI-FO-PP-TEST", ROOT_FORT);

    final String commonName;
    final String fileName;
    final TestCa parent;

    TestCa(String commonName, String fileName, TestCa parent) {
        this.commonName = commonName;
        this.fileName = fileName;
        this.parent = parent;
    }

    public String commonName() {
        return commonName;
    }

    public String fileName() {
        return fileName;
    }

    public boolean isRoot() {
        return parent == null;
    }
}
