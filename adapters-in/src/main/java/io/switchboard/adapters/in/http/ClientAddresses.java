package io.switchboard.adapters.in.http;

import org.eclipse.jetty.server.Request;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who the client is (TRUSTED_PROXIES): the socket's peer, or, when the peer is a trusted proxy, the right-most
 * address of {@code X-Forwarded-For} that is not itself a trusted proxy. Several {@code X-Forwarded-For} headers
 * count as one list, in the order they came. The REST edge and the WebSocket upgrade both ask this class, so every
 * per-IP limit and every log line uses the same address.
 *
 * <p>The header is read only when the peer is trusted; a client that talks to the server directly cannot choose
 * its address. Walking the list from the right, a malformed entry (not an IP literal, e.g. {@code unknown} or an
 * obfuscated RFC 7239 identifier) stops the walk: the client is then the last address walked, i.e. the trusted
 * proxy that wrote the malformed entry (never the malformed text, and never anything left of it). A list made only
 * of trusted proxies gives the left-most of them. An entry may carry a port ({@code 1.2.3.4:5678},
 * {@code [2001:db8::1]:443}); the port is ignored. Addresses are returned in Java's canonical form
 * ({@link InetAddress#getHostAddress()}), and an IPv4-mapped IPv6 address as its IPv4 form.
 *
 * <p>Parsing never resolves a host name: only IP literals are accepted, in the configuration and in the header.
 */
public final class ClientAddresses {
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final ClientAddresses NONE = new ClientAddresses(List.of());

    private final List<Cidr> trusted;

    private ClientAddresses(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** No trusted proxies: the client is always the socket's peer. */
    public static ClientAddresses none() {
        return NONE;
    }

    /**
     * Parses TRUSTED_PROXIES: comma-separated IPv4/IPv6 addresses or CIDR blocks ({@code 10.0.0.0/8},
     * {@code 2001:db8::/32}); blanks are ignored.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP literal or a valid CIDR block
     */
    public static ClientAddresses parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Cidr> blocks = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            if (!entry.isEmpty()) {
                blocks.add(Cidr.parse(entry));
            }
        }
        return new ClientAddresses(blocks);
    }

    /** True when some proxy is trusted. */
    public boolean trustsAnyProxy() {
        return !trusted.isEmpty();
    }

    /** The client address of a request (REST or WebSocket upgrade). */
    public String of(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (trusted.isEmpty()) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getValuesList(FORWARDED_FOR);
        return resolve(peer, forwarded.isEmpty() ? null : String.join(",", forwarded));
    }

    /**
     * The client address given the socket's peer and the {@code X-Forwarded-For} headers joined with commas (null
     * when there were none).
     */
    public String resolve(String peer, String forwardedFor) {
        InetAddress current = literal(peer);
        if (current == null) {
            return peer; // not an IP (e.g. a Unix socket): nothing to trust or to normalise
        }
        if (forwardedFor == null || !isTrusted(current)) {
            return current.getHostAddress();
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0 && isTrusted(current); i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue; // "a,,b" or a trailing comma: no hop there
            }
            InetAddress next = literal(stripPort(hop));
            if (next == null) {
                break; // malformed: keep the trusted proxy that wrote it
            }
            current = next;
        }
        return current.getHostAddress();
    }

    boolean isTrusted(InetAddress address) {
        for (Cidr block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code [v6]:port} or {@code [v6]} to {@code v6}; {@code a.b.c.d:port} to {@code a.b.c.d}; else unchanged. */
    static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.indexOf('.') > 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    /** An IPv4 or IPv6 literal (brackets allowed), or null: never a DNS lookup. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            // An IPv6 literal: InetAddress parses it without a lookup; reject zone ids and anything but hex, ':' and '.'.
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!(hex || c == ':' || c == '.')) {
                    return null;
                }
            }
        } else if (!isDottedQuad(s)) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An address block: a network address and a prefix length (a single address is a full-length block). */
    record Cidr(byte[] network, int prefixLength) {
        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress parsed = literal(address);
            if (parsed == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
            }
            byte[] bytes = parsed.getAddress();
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = entry.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(length) > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a bad prefix length (0.." + bits + ")");
                }
                prefix = Integer.parseInt(length);
            }
            return new Cidr(mask(bytes, prefix), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
        }

        private static byte[] mask(byte[] bytes, int prefix) {
            byte[] out = bytes.clone();
            for (int i = 0; i < out.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
            }
            return out;
        }
    }
}
