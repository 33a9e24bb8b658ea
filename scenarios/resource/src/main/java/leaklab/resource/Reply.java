package leaklab.resource;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the relay answers its caller.
 *
 * @param status the HTTP status: 200 with the upstream's body, 429 passed on, 502 when the upstream
 *         failed otherwise, 504 when it did not answer in time
 * @param body the upstream's body (200), or the relay's own one-line reason
 * @param retryAfter the upstream's {@code Retry-After}, passed on with a 429; {@code null} otherwise
 */
public record Reply(int status, String body, String retryAfter) {

    public Reply {
        Objects.requireNonNull(body, "body");
    }

    static Reply ok(byte[] body) {
        return new Reply(200, new String(body, StandardCharsets.UTF_8), null);
    }

    static Reply rateLimited(String retryAfter) {
        return new Reply(429, "the upstream is rate limiting: retry later", retryAfter);
    }

    static Reply badGateway(String reason) {
        return new Reply(502, reason, null);
    }

    static Reply gatewayTimeout(String reason) {
        return new Reply(504, reason, null);
    }

    static Reply unavailable(String reason) {
        return new Reply(503, reason, null);
    }
}
