package fr.mssante.operator.james.webadmin;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Reads a request body into a record and turns Jackson's failures into messages a caller can act on. */
final class JsonBodyReader {

    private final ObjectMapper mapper = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("request body is required: a JSON object");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + e.getPropertyName() + "'", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(e.getPath().isEmpty()
                ? "request body must be a JSON object"
                : "field '" + path(e) + "' has the wrong JSON type", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return value;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
            .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining("."));
    }
}
