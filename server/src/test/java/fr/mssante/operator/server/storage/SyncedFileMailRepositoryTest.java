package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On James's real file repository: the files {@code store} forces are the ones James wrote. */
class SyncedFileMailRepositoryTest {
    @TempDir
    Path workingDirectory;

    private final List<Path> forced = new ArrayList<>();

    @Test
    void storeForcesTheMailsTwoFilesAndTheirDirectoryAndTheMailReadsBack() throws Exception {
        SyncedFileMailRepository repository = open(forced::add);

        Mail mail = mail("refused-1");
        repository.store(mail);
        LifecycleUtil.dispose(mail);

        Path directory = workingDirectory.resolve("var/mail/error").toRealPath();
        assertThat(forced).hasSize(3);
        assertThat(forced.subList(0, 2)).allSatisfy(file -> assertThat(file.getParent()).isEqualTo(directory));
        assertThat(forced.subList(0, 2)).extracting(file -> file.getFileName().toString())
            .containsExactly("726566757365642D31.Repository.FileStreamStore", "726566757365642D31.Repository.FileObjectStore");
        assertThat(forced.get(2)).isEqualTo(directory);
        Mail stored = repository.retrieve(new MailKey("refused-1"));
        assertThat(body(stored)).contains("Body of refused-1");
        LifecycleUtil.dispose(stored);
    }

    @Test
    void aMailThatCannotBeForcedFailsTheStoreWithTheCauseAndStaysReadable() throws Exception {
        SyncedFileMailRepository repository = open(path -> {
            throw new IOException("Input/output error");
        });

        Mail mail = mail("refused-2");
        assertThatThrownBy(() -> repository.store(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("mail refused-2 is stored in file://var/mail/error/ but could not be forced to the disk:"
                + " Input/output error");
        // The spool keeps the mail (store failed) and the repository still has what it wrote: nothing is lost.
        assertThat(repository.size()).isEqualTo(1);
        LifecycleUtil.dispose(mail);
    }

    private SyncedFileMailRepository open(SyncedFileMailRepository.Disk disk) throws Exception {
        Configuration configuration = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        SyncedFileMailRepository repository = new SyncedFileMailRepository(disk);
        repository.setFileSystem(new FileSystemImpl(configuration.directories()));
        BaseHierarchicalConfiguration settings = new BaseHierarchicalConfiguration();
        settings.addProperty("[@destinationURL]", "file://var/mail/error/");
        repository.configure(settings);
        repository.init();
        return repository;
    }

    private static Mail mail(String name) throws MessagingException {
        String rfc822 = "From: a@demo.mssante.test\r\nTo: b@demo.mssante.test\r\nSubject: " + name + "\r\n\r\nBody of "
            + name + "\r\n";
        MimeMessage message = new MimeMessage(Session.getDefaultInstance(new Properties()),
            new ByteArrayInputStream(rfc822.getBytes(StandardCharsets.US_ASCII)));
        return MailImpl.builder().name(name).sender("a@demo.mssante.test").addRecipient("b@demo.mssante.test")
            .mimeMessage(message).build();
    }

    private static String body(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
