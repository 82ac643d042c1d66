package fr.mssante.operator.admin.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code mssante.admin.operator.*}: the one console account. The password is only ever configured as a BCrypt hash. */
@ConfigurationProperties("mssante.admin.operator")
public record OperatorSettings(@DefaultValue("operator") String username, String passwordHash) {
}
