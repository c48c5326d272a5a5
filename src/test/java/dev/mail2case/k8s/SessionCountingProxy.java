package dev.mail2case.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the mail server for one replica and one account: it knows whether that replica
 * holds a session to the mailbox right now, and counts the POP3 DELE commands it sends.
 */
final class SessionCountingProxy implements AutoCloseable {
    /** How many replicas hold a session to one mailbox at once, and the most ever seen. */
    static final class Mailbox {
        private int holding;
        private int most;
        private final AtomicInteger deletes = new AtomicInteger();

        synchronized void opened() {
            holding++;
            most = Math.max(most, holding);
        }

        synchronized void closed() {
            holding--;
        }

        synchronized int most() {
            return most;
        }

        int deletes() {
            return deletes.get();
        }
    }

    private final ServerSocket server;
    private final Mailbox mailbox;
    private final int target;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();

    SessionCountingProxy(int target, Mailbox mailbox) throws IOException {
        this.target = target;
        this.mailbox = mailbox;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sessions this replica opened to the mailbox in all. */
    int sessions() {
        return sessions.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sessions.incrementAndGet();
                // One replica counts once however many connections (store and folder) it holds.
                if (open.getAndIncrement() == 0) {
                    mailbox.opened();
                }
                AtomicInteger ends = new AtomicInteger();
                Runnable closeBoth = () -> {
                    if (ends.incrementAndGet() == 1) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        if (open.decrementAndGet() == 0) {
                            mailbox.closed();
                        }
                    }
                };
                pump(client, upstream, true, closeBoth);
                pump(upstream, client, false, closeBoth);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean commands, Runnable closeBoth) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            StringBuilder line = new StringBuilder();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (commands) {
                        countDeletes(buf, n, line);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side went away; closing both ends below
            } finally {
                closeBoth.run();
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private void countDeletes(byte[] buf, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) buf[i];
            if (c == '\n') {
                if (line.toString().trim().toUpperCase(java.util.Locale.ROOT).startsWith("DELE ")) {
                    mailbox.deletes.incrementAndGet();
                }
                line.setLength(0);
            } else if (line.length() < 64) {
                line.append(c);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
