package dev.mail2case.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small real SMTP server on loopback whose answer to RCPT TO is set by the test (a 451 or a 550),
 * for the replies GreenMail cannot give. It speaks the protocol over a socket; nothing is mocked.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicReference<String> rcptReply = new AtomicReference<>("250 2.1.5 ok");
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;
    private volatile boolean dropReplyAfterData;
    private volatile Runnable beforeDataReply = () -> { };

    public ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The reply every RCPT TO gets from now on, e.g. "451 4.3.0 try later". */
    public void answerRcpt(String reply) {
        rcptReply.set(reply);
    }

    /**
     * From now on the server takes the data but closes the connection instead of answering it, as when
     * the answer after DATA is lost: the client cannot know whether the mail was delivered (it was).
     */
    public void dropReplyAfterData(boolean drop) {
        dropReplyAfterData = drop;
    }

    /** Runs (on the session's thread) after the data is in and before the server answers it. */
    public void beforeDataReply(Runnable action) {
        beforeDataReply = action;
    }

    /** The Message-ID header of every message accepted, in order. */
    public List<String> deliveredMessageIds() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
            reply(out, "220 scripted ESMTP");
            boolean recipientAccepted = false;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 scripted");
                    case "MAIL" -> {
                        recipientAccepted = false;
                        reply(out, "250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        String r = rcptReply.get();
                        recipientAccepted |= r.startsWith("2");
                        reply(out, r);
                    }
                    case "DATA" -> {
                        if (!recipientAccepted) {
                            reply(out, "554 5.5.1 no valid recipients");
                            continue;
                        }
                        reply(out, "354 go ahead");
                        String messageId = null;
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            if (messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                messageId = line.substring(11).trim();
                            }
                        }
                        delivered.add(messageId);
                        beforeDataReply.run();
                        if (dropReplyAfterData) {
                            return;
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException dropped) {
            // the client went away; the test sees it in what was delivered
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
