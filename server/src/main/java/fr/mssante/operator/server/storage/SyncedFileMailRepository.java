package fr.mssante.operator.server.storage;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.mailet.Mail;

/**
 * James's file mail repository ({@code file://var/mail/...}: mail in error, refused, over quota), except that
 * {@link #store} returns only once the mail's two files and their directory are forced to the disk. James writes
 * them without a sync, and the spool forgets the mail as soon as it is stored: after a power cut it could be in
 * neither place. A mail that cannot be forced stays in the spool (store fails) and is processed again.
 */
public class SyncedFileMailRepository extends FileMailRepository {
    /** The two files James's repository writes per mail: the message, and the envelope and attributes. */
    private static final List<String> FILE_SUFFIXES = List.of(".Repository.FileStreamStore", ".Repository.FileObjectStore");

    @FunctionalInterface
    interface Disk {
        void force(Path fileOrDirectory) throws IOException;
    }

    private final Disk disk;
    private FileSystem fileSystem;
    private String destination;
    private Path directory;

    public SyncedFileMailRepository() {
        this(SyncedFileMailRepository::forceToDisk);
    }

    SyncedFileMailRepository(Disk disk) {
        this.disk = disk;
    }

    @Inject
    @Override
    public void setFileSystem(FileSystem fileSystem) {
        super.setFileSystem(fileSystem);
        this.fileSystem = fileSystem;
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) {
        super.configure(configuration);
        this.destination = configuration.getString("[@destinationURL]");
    }

    @Override
    public void init() throws Exception {
        super.init();
        File base = fileSystem.getFileWithinBaseDir(destination);
        this.directory = base.getCanonicalFile().toPath();
    }

    @Override
    public MailKey store(Mail mail) throws MessagingException {
        MailKey key = super.store(mail);
        try {
            for (String suffix : FILE_SUFFIXES) {
                Path file = directory.resolve(fileName(key) + suffix);
                if (!Files.exists(file)) {
                    throw new IOException("no file " + file + " after storing it (James's file layout changed?)");
                }
                disk.force(file);
            }
            disk.force(directory);
        } catch (IOException e) {
            throw new MessagingException("mail " + key.asString() + " is stored in " + destination
                + " but could not be forced to the disk: " + e.getMessage(), e);
        }
        return key;
    }

    /** James names a mail's files after the hexadecimal of its key's bytes (platform charset, as James does). */
    private static String fileName(MailKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.asString().getBytes(Charset.defaultCharset()));
    }

    private static void forceToDisk(Path fileOrDirectory) throws IOException {
        try (FileChannel channel = FileChannel.open(fileOrDirectory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
