package io.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A lean WebSocket reader for many subscribers ({@code --client nio}): one thread, one selector, no hand-off to a
 * pool per read, frames parsed in place. It exists because Jetty's client costs ~20 µs of CPU per delivery here
 * (BENCHMARKS.md, "ceiling"), which on two shared cores is more than the server it measures. It does only what a
 * subscriber needs: the upgrade handshake, one text frame sent at start (the subscription), text frames in
 * (fragmented ones reassembled), pings answered, close. Server frames are never masked; client frames always are.
 */
final class NioSubscribers implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Selector selector;
    private final List<Peer> peers = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;

    private static final class Peer {
        final SocketChannel channel;
        final Consumer<ByteBuffer> onText;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        ByteBuffer fragments;

        Peer(SocketChannel channel, Consumer<ByteBuffer> onText) {
            this.channel = channel;
            this.onText = onText;
        }
    }

    NioSubscribers() throws IOException {
        selector = Selector.open();
        loop = new Thread(this::run, "bench-nio-reader");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens one connection (blocking handshake), sends {@code firstFrame}, then reads it on the selector thread. */
    void connect(URI ws, String firstFrame, Consumer<ByteBuffer> onText) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
        ch.socket().setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = ws.getRawPath() + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        writeFully(ch, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        Peer peer = new Peer(ch, onText);
        String head = readHead(ch, peer.in);
        if (!head.startsWith("HTTP/1.1 101") || !head.contains(accept(key))) {
            ch.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        writeFully(ch, textFrame(firstFrame));
        ch.configureBlocking(false);
        synchronized (peers) {
            peers.add(peer);
        }
        ch.register(selector, SelectionKey.OP_READ, peer); // since JDK 11 this does not wait for a select to end
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Peer peer = (Peer) key.attachment();
                    try {
                        read(peer);
                    } catch (IOException e) {
                        key.cancel();
                        peer.channel.close();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("nio reader stopped: " + e);
        }
    }

    private void read(Peer p) throws IOException {
        ByteBuffer in = p.in;
        int n = p.channel.read(in);
        if (n < 0) {
            throw new IOException("closed by the server");
        }
        in.flip();
        parse(p, in);
        in.compact();
    }

    /** Handles every complete frame in {@code in} (read mode); leaves an incomplete one in place. */
    private void parse(Peer p, ByteBuffer in) throws IOException {
        while (in.remaining() >= 2) {
            int start = in.position();
            int b0 = in.get(start) & 0xff;
            int b1 = in.get(start + 1) & 0x7f; // server frames are not masked
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (in.remaining() < 4) {
                    return;
                }
                length = in.getShort(start + 2) & 0xffff;
                header = 4;
            } else if (b1 == 127) {
                if (in.remaining() < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if (header + length > in.capacity()) {
                throw new IOException("frame of " + length + " bytes is larger than the read buffer");
            }
            if (in.remaining() < header + length) {
                return;
            }
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            ByteBuffer payload = in.duplicate();
            payload.position(start + header).limit(start + header + (int) length);
            switch (opcode) {
                case 1 -> {
                    if (fin) {
                        p.onText.accept(payload);
                    } else {
                        p.fragments = ByteBuffer.allocate(1 << 20).put(payload);
                    }
                }
                case 0 -> {
                    if (p.fragments != null) {
                        p.fragments.put(payload);
                        if (fin) {
                            p.onText.accept(p.fragments.flip());
                            p.fragments = null;
                        }
                    }
                }
                case 9 -> writeFully(p.channel, frame(0x8A, bytes(payload)));
                case 8 -> {
                    writeFully(p.channel, frame(0x88, bytes(payload)));
                    throw new IOException("close frame");
                }
                default -> {
                    // binary and pong frames: nothing to do
                }
            }
            in.position(start + header + (int) length);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    static ByteBuffer textFrame(String text) {
        return frame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked client frame. */
    static ByteBuffer frame(int b0, byte[] payload) {
        int len = payload.length;
        ByteBuffer out = ByteBuffer.allocate(14 + len);
        out.put((byte) b0);
        if (len < 126) {
            out.put((byte) (0x80 | len));
        } else if (len < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            out.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.put(mask);
        for (int i = 0; i < len; i++) {
            out.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return out.flip();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (b.hasRemaining()) {
            if (ch.write(b) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("write stalled");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Reads the HTTP response head (blocking); bytes after it stay in {@code rest} (write mode). */
    private static String readHead(SocketChannel ch, ByteBuffer rest) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            if (ch.read(buf) < 0) {
                throw new IOException("closed during the handshake");
            }
            String seen = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
            int end = seen.indexOf("\r\n\r\n");
            if (end >= 0) {
                rest.put(buf.array(), end + 4, buf.position() - end - 4);
                return seen.substring(0, end);
            }
            if (!buf.hasRemaining()) {
                throw new IOException("handshake response too long");
            }
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int size() {
        synchronized (peers) {
            return peers.size();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (peers) {
            for (Peer p : peers) {
                try {
                    writeFully(p.channel, frame(0x88, new byte[]{0x03, (byte) 0xe8}));
                } catch (IOException ignored) {
                    // already gone
                }
                p.channel.close();
            }
        }
        selector.close();
    }
}
