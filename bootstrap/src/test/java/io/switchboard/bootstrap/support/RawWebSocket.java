package io.switchboard.bootstrap.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain socket: the upgrade, masked client frames, and a frame parser. It
 * exists for what a real client library hides: a peer that stops reading at the TCP level (the kernel buffers
 * fill), and a peer that aborts its upgrade with a TCP reset.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int OP_TEXT = 1;
    public static final int OP_CLOSE = 8;
    public static final int OP_PING = 9;
    public static final int OP_PONG = 10;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The header lines of a WebSocket upgrade request (Host comes from RawHttp or {@link #upgradeRequest}). */
    private static final String[] UPGRADE_HEADERS = {"Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="};

    /** The upgrade request for {@code pathAndQuery}, with extra header lines (each without CRLF). */
    public static String upgradeRequest(String pathAndQuery, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String line : UPGRADE_HEADERS) {
            request.append(line).append("\r\n");
        }
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /**
     * Sends an upgrade request and reads the HTTP answer: for asserting a refused upgrade's status, headers and
     * error body (a 101 is not followed further; use {@link WsClient} or {@link #connect} for a socket).
     */
    public static RawHttp.Response upgrade(int port, String pathAndQuery, String... extraHeaderLines) {
        String[] lines = new String[UPGRADE_HEADERS.length + extraHeaderLines.length];
        System.arraycopy(UPGRADE_HEADERS, 0, lines, 0, UPGRADE_HEADERS.length);
        System.arraycopy(extraHeaderLines, 0, lines, UPGRADE_HEADERS.length, extraHeaderLines.length);
        return RawHttp.get(port, pathAndQuery, lines);
    }

    /**
     * Sends an upgrade request and resets the connection at once (SO_LINGER 0: the close sends RST), as a client
     * that gives up mid-upgrade or a network that drops it would.
     */
    public static void sendUpgradeAndReset(int port, String pathAndQuery, String... headerLines) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoLinger(true, 0);
        OutputStream out = socket.getOutputStream();
        out.write(upgradeRequest(pathAndQuery, headerLines).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
    }

    /**
     * Upgrades and checks the 101. {@code receiveBuffer} is the socket's SO_RCVBUF (set before connecting), so a
     * test that stops reading fills it sooner.
     */
    public static RawWebSocket connect(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(upgradeRequest(pathAndQuery).getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new AssertionError("upgrade refused: " + head);
        }
        return ws;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | OP_TEXT);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** One frame from the server (servers do not mask). */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /** Reads the next frame, waiting at most {@code wait}. */
    public Frame read(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = ((long) readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        if ((b1 & 0x80) != 0) {
            throw new AssertionError("the server masked a frame");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("connection ended inside a frame");
        }
        return new Frame(b0 & 0x0f, payload);
    }

    /**
     * Reads frames until a close frame and returns it; fails when the deadline passes or the connection ends
     * without one.
     */
    public Frame readUntilClose(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no close frame within " + wait);
            }
            Frame frame;
            try {
                frame = read(Duration.ofNanos(left));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close frame within " + wait, e);
            }
            if (frame.opcode() == OP_CLOSE) {
                return frame;
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection ended without a close frame");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
