// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerEngine's HTTP handling against a scripted dockerd: a real QLocalServer on a temporary
// socket that answers each connection with prepared bytes, sent in pieces.
#include "dockerframe.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::dockerFrame;

namespace {

QByteArray httpReply(int status, const QByteArray &reason, const QByteArray &body,
                     const QByteArray &contentType = "application/json", const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nApi-Version: 1.41\r\nContent-Type: " + contentType + "\r\n" + extraHeaders +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray chunkedReply(int status, const QList<QByteArray> &chunks)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) +
                     " OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const QByteArray &c : chunks) {
        out += QByteArray::number(c.size(), 16) + "\r\n" + c + "\r\n";
    }
    return out + "0\r\n\r\n";
}

QByteArray versionReply(const QByteArray &api, const QByteArray &min = "1.12")
{
    return httpReply(200, "OK",
                     R"({"Version":"20.10.27","ApiVersion":")" + api + R"(","MinAPIVersion":")" + min +
                         R"(","Os":"linux","Arch":"amd64"})");
}

QList<QByteArray> cutAt(const QByteArray &bytes, QList<int> cuts)
{
    QList<QByteArray> pieces;
    int from = 0;
    cuts.append(int(bytes.size()));
    for (int to : cuts) {
        pieces.append(bytes.mid(from, to - from));
        from = to;
    }
    return pieces;
}

/// Answers the n-th connection with the n-th reply, written piece by piece on separate event
/// loop turns (1 ms apart) so the client sees them as separate reads, then closes.
class ScriptedDockerd : public QObject
{
    Q_OBJECT
public:
    explicit ScriptedDockerd(QString path)
        : m_path(std::move(path))
    {
        connect(&m_server, &QLocalServer::newConnection, this, &ScriptedDockerd::onNewConnection);
    }
    bool listen() { return m_server.listen(m_path); }
    void addReply(QList<QByteArray> pieces) { m_replies.append(std::move(pieces)); }
    void addReply(const QByteArray &whole) { m_replies.append(QList<QByteArray>{whole}); }
    /// Request heads + bodies received so far, in order.
    QList<QByteArray> requests;

private:
    void onNewConnection()
    {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QLocalSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                const auto end = buffer->indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                qsizetype length = 0;
                for (const QByteArray &line : buffer->left(end).split('\n')) {
                    if (line.toLower().startsWith("content-length:")) {
                        length = line.mid(15).trimmed().toLongLong();
                    }
                }
                if (buffer->size() < end + 4 + length) {
                    return;
                }
                disconnect(socket, &QLocalSocket::readyRead, socket, nullptr);
                requests.append(*buffer);
                if (m_replies.isEmpty()) {
                    return; // keep the connection open without answering
                }
                sendPieces(socket, m_replies.takeFirst());
            });
        }
    }
    void sendPieces(QPointer<QLocalSocket> socket, QList<QByteArray> pieces)
    {
        if (!socket) {
            return;
        }
        if (pieces.isEmpty()) {
            socket->disconnectFromServer();
            return;
        }
        socket->write(pieces.takeFirst());
        socket->flush();
        QTimer::singleShot(1, this, [this, socket, pieces] { sendPieces(socket, pieces); });
    }

    QLocalServer m_server;
    QString m_path;
    QList<QList<QByteArray>> m_replies;
};

QByteArray requestLine(const QByteArray &request)
{
    return request.left(request.indexOf("\r\n"));
}

const QByteArray inspectJson =
    R"({"Id":"c0ffee","Name":"/sbx-1","Config":{"Image":"sandcastle-sandbox:latest","Labels":{"sandcastle":"1",)"
    R"("sandcastle.session":"s1"}},"State":{"Status":"exited","Running":false,"ExitCode":3},)"
    R"("NetworkSettings":{"Ports":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"49153"}]}}})";

} // namespace

class tst_DockerHttp : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedDockerd> m_dockerd;
    QString m_socket;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_socket = m_dir->filePath(QStringLiteral("docker.sock"));
        m_dockerd = std::make_unique<ScriptedDockerd>(m_socket);
        QVERIFY(m_dockerd->listen());
    }
    void cleanup()
    {
        m_dockerd.reset();
        m_dir.reset();
    }

    void negotiate_serverVersion_picksVersion_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("expected");
        QTest::newRow("docker 20.10") << versionReply("1.41") << QStringLiteral("1.41");
        QTest::newRow("between") << versionReply("1.43") << QStringLiteral("1.43");
        QTest::newRow("newer than ours") << versionReply("1.56", "1.40") << QStringLiteral("1.45");
        QTest::newRow("Api-Version header only")
            << QByteArray("HTTP/1.1 200 OK\r\nApi-Version: 1.44\r\nContent-Length: 2\r\n\r\n{}")
            << QStringLiteral("1.44");
    }
    void negotiate_serverVersion_picksVersion()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, expected);
        m_dockerd->addReply(reply);
        m_dockerd->addReply(httpReply(200, "OK", inspectJson));
        DockerEngine engine(m_socket);
        const auto v = await(engine.negotiate());
        SC_VERIFY_OK(v);
        QCOMPARE(*v, expected);
        QCOMPARE(engine.apiVersion(), expected);
        const auto info = await(engine.inspectContainer(QStringLiteral("c0ffee")));
        SC_VERIFY_OK(info);
        QCOMPARE(m_dockerd->requests.size(), 2);
        QCOMPARE(requestLine(m_dockerd->requests.at(0)), QByteArray("GET /version HTTP/1.1"));
        QCOMPARE(requestLine(m_dockerd->requests.at(1)),
                 "GET /v" + expected.toLatin1() + "/containers/c0ffee/json HTTP/1.1");
    }

    void negotiate_unusableServer_fails_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("needle");
        QTest::newRow("too old") << versionReply("1.40") << ErrorCode::Unsupported
                                 << QStringLiteral("API 1.40 but Sandcastle needs at least 1.41");
        QTest::newRow("minimum too new") << versionReply("1.60", "1.50") << ErrorCode::Unsupported
                                         << QStringLiteral("requires Docker API 1.50 or newer");
        QTest::newRow("no version at all") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                                           << ErrorCode::Sandbox << QStringLiteral("did not report its API version");
        QTest::newRow("error status") << httpReply(500, "Internal Server Error", R"({"message":"daemon sick"})")
                                      << ErrorCode::Sandbox << QStringLiteral("daemon sick (HTTP 500)");
    }
    void negotiate_unusableServer_fails()
    {
        QFETCH(QByteArray, reply);
        QFETCH(ErrorCode, code);
        QFETCH(QString, needle);
        m_dockerd->addReply(reply);
        DockerEngine engine(m_socket);
        // Two calls queue behind one negotiation; both get its error.
        auto first = engine.inspectContainer(QStringLiteral("a"));
        auto second = engine.startContainer(QStringLiteral("a"));
        const auto r1 = await(first);
        const auto r2 = await(second);
        QVERIFY(!r1.has_value());
        QVERIFY(!r2.has_value());
        QCOMPARE(r1.error().code, code);
        QVERIFY2(r1.error().message.contains(needle), qPrintable(r1.error().toString()));
        QCOMPARE(r2.error().message, r1.error().message);
        QCOMPARE(m_dockerd->requests.size(), 1);
        QVERIFY(engine.apiVersion().isEmpty());
    }

    void inspect_chunkedBodySplit_parses_data()
    {
        QTest::addColumn<QList<int>>("cuts");
        const QByteArray reply = chunkedReply(200, {inspectJson.left(40), inspectJson.mid(40, 1), inspectJson.mid(41)});
        const int bodyStart = int(reply.indexOf("\r\n\r\n")) + 4;
        QTest::newRow("whole") << QList<int>{};
        QTest::newRow("inside the status line") << QList<int>{5};
        QTest::newRow("inside a header name") << QList<int>{20};
        QTest::newRow("between CR and LF of the head end") << QList<int>{bodyStart - 1};
        QTest::newRow("inside the chunk size line") << QList<int>{bodyStart + 1};
        QTest::newRow("between chunk size CR and LF") << QList<int>{bodyStart + 3};
        QTest::newRow("inside chunk data") << QList<int>{bodyStart + 20, bodyStart + 30};
        QTest::newRow("inside the last chunk marker") << QList<int>{int(reply.size()) - 3};
        QList<int> everyByte;
        for (int i = 1; i < reply.size(); i += 7) {
            everyByte.append(i);
        }
        QTest::newRow("every 7 bytes") << everyByte;
    }
    void inspect_chunkedBodySplit_parses()
    {
        QFETCH(QList<int>, cuts);
        const QByteArray reply = chunkedReply(200, {inspectJson.left(40), inspectJson.mid(40, 1), inspectJson.mid(41)});
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(cutAt(reply, cuts));
        DockerEngine engine(m_socket);
        const auto info = await(engine.inspectContainer(QStringLiteral("c0ffee")));
        SC_VERIFY_OK(info);
        QCOMPARE(info->id, QStringLiteral("c0ffee"));
        QCOMPARE(info->name, QStringLiteral("sbx-1"));
        QCOMPARE(info->image, QStringLiteral("sandcastle-sandbox:latest"));
        QCOMPARE(info->state, QStringLiteral("exited"));
        QVERIFY(!info->running);
        QCOMPARE(info->exitCode, 3);
        QCOMPARE(info->labels.value(QStringLiteral("sandcastle.session")), QStringLiteral("s1"));
        QCOMPARE(info->ports.size(), 1);
        QCOMPARE(info->ports.first().containerPort, quint16(8080));
        QCOMPARE(info->ports.first().hostIp, QStringLiteral("127.0.0.1"));
        QCOMPARE(info->ports.first().hostPort, quint16(49153));
    }

    void list_contentLengthBody_parsesAndFiltersByLabel()
    {
        const QByteArray body =
            R"([{"Id":"a1","Names":["/one"],"Image":"img","State":"running","Labels":{"sandcastle":"1"},)"
            R"("Ports":[{"IP":"127.0.0.1","PrivatePort":8080,"PublicPort":40000,"Type":"tcp"}]},)"
            R"({"Id":"b2","Names":["/two"],"Image":"img","State":"exited","Labels":{}}])";
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(cutAt(httpReply(200, "OK", body), {60, 61, 200}));
        DockerEngine engine(m_socket);
        const auto list = await(engine.listContainers({QStringLiteral("sandcastle.session=s 1")}));
        SC_VERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("one"));
        QVERIFY(list->at(0).running);
        QCOMPARE(list->at(0).ports.first().hostPort, quint16(40000));
        QCOMPARE(list->at(1).state, QStringLiteral("exited"));
        QVERIFY(!list->at(1).running);
        const QByteArray line = requestLine(m_dockerd->requests.at(1));
        QVERIFY2(line.startsWith("GET /v1.41/containers/json?all=1&filters="), line.constData());
        QVERIFY2(line.contains("sandcastle.session%3Ds%201"), line.constData());
    }

    void create_errorReply_mapsStatusAndMessage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no such image") << 404 << QByteArray(R"({"message":"No such image: nope:latest"})")
                                       << ErrorCode::NotFound
                                       << QStringLiteral("No such image: nope:latest (HTTP 404)");
        QTest::newRow("404 without the name") << 404 << QByteArray(R"({"message":"not here"})") << ErrorCode::NotFound
                                              << QStringLiteral("Docker image nope:latest not found");
        QTest::newRow("bad parameter") << 400 << QByteArray(R"({"message":"invalid --security-opt"})")
                                       << ErrorCode::InvalidInput
                                       << QStringLiteral("invalid --security-opt (HTTP 400)");
        QTest::newRow("name conflict") << 409 << QByteArray(R"({"message":"Conflict. The container name is in use"})")
                                       << ErrorCode::Sandbox << QStringLiteral("(HTTP 409)");
        QTest::newRow("forbidden") << 403 << QByteArray(R"({"message":"denied"})") << ErrorCode::PermissionDenied
                                   << QStringLiteral("denied (HTTP 403)");
        QTest::newRow("plain text error") << 500 << QByteArray("something broke\n") << ErrorCode::Sandbox
                                          << QStringLiteral("something broke (HTTP 500)");
    }
    void create_errorReply_mapsStatusAndMessage()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(ErrorCode, code);
        QFETCH(QString, needle);
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(httpReply(status, "Error", body));
        DockerEngine engine(m_socket);
        DockerContainerSpec spec;
        spec.image = QStringLiteral("nope:latest");
        const auto id = await(engine.createContainer(spec));
        QVERIFY(!id.has_value());
        QCOMPARE(id.error().code, code);
        QVERIFY2(id.error().message.contains(needle), qPrintable(id.error().toString()));
        QCOMPARE(id.error().detail, QStringLiteral("POST /containers/create"));
    }

    void create_spec_sendsHardenedConfig()
    {
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(httpReply(201, "Created", R"({"Id":"abc123","Warnings":null})"));
        DockerEngine engine(m_socket);
        DockerContainerSpec spec;
        spec.name = QStringLiteral("sbx-1");
        spec.image = QStringLiteral("img:1");
        spec.cmd = {QStringLiteral("sleep"), QStringLiteral("infinity")};
        spec.user = QStringLiteral("1000:1000");
        spec.sessionId = QStringLiteral("s1");
        spec.networkDisabled = false;
        spec.exposedPorts = {8080};
        spec.pidsLimit = 256;
        const auto id = await(engine.createContainer(spec));
        SC_VERIFY_OK(id);
        QCOMPARE(*id, QStringLiteral("abc123"));
        const QByteArray request = m_dockerd->requests.at(1);
        QCOMPARE(requestLine(request), QByteArray("POST /v1.41/containers/create?name=sbx-1 HTTP/1.1"));
        for (const char *needle : {R"("CapDrop":["ALL"])", R"("SecurityOpt":["no-new-privileges"])", R"("Init":true)",
                                   R"("sandcastle":"1")", R"("sandcastle.session":"s1")", R"("PidsLimit":256)",
                                   R"("8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"0"}])", R"("User":"1000:1000")"}) {
            QVERIFY2(request.contains(needle), needle);
        }
    }

    void create_portsWithoutNetwork_failsWithoutRequest()
    {
        DockerEngine engine(m_socket);
        DockerContainerSpec spec;
        spec.image = QStringLiteral("img");
        spec.exposedPorts = {8080};
        const auto id = await(engine.createContainer(spec));
        QVERIFY(!id.has_value());
        QCOMPARE(id.error().code, ErrorCode::InvalidInput);
        QVERIFY(m_dockerd->requests.isEmpty());
    }

    void request_brokenReply_fails_data()
    {
        QTest::addColumn<QList<QByteArray>>("pieces");
        QTest::addColumn<QString>("needle");
        QTest::newRow("garbage status line")
            << QList<QByteArray>{"HTTP/1.1 abc\r\n\r\n"} << QStringLiteral("malformed HTTP response");
        QTest::newRow("closed inside the body")
            << QList<QByteArray>{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Id\":"}
            << QStringLiteral("in the middle of the response");
        QTest::newRow("closed inside a chunk")
            << QList<QByteArray>{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"}
            << QStringLiteral("in the middle of the response");
        QTest::newRow("closed without reply") << QList<QByteArray>{} << QStringLiteral("before sending a response");
        QTest::newRow("bad chunk size")
            << QList<QByteArray>{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}
            << QStringLiteral("malformed HTTP response");
    }
    void request_brokenReply_fails()
    {
        QFETCH(QList<QByteArray>, pieces);
        QFETCH(QString, needle);
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(pieces);
        DockerEngine engine(m_socket);
        const auto info = await(engine.inspectContainer(QStringLiteral("x")));
        QVERIFY(!info.has_value());
        QCOMPARE(info.error().code, ErrorCode::Sandbox);
        QVERIFY2(info.error().message.contains(needle), qPrintable(info.error().toString()));
    }

    void socketPath_dockerHost_resolves_data()
    {
        QTest::addColumn<QString>("dockerHost");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code"); // -1: success
        QTest::addColumn<QString>("needle");
        QTest::newRow("unix") << QStringLiteral("unix:///tmp/d.sock") << QStringLiteral("/tmp/d.sock") << -1
                              << QString();
        QTest::newRow("tcp") << QStringLiteral("tcp://127.0.0.1:2375") << QString() << int(ErrorCode::Unsupported)
                             << QStringLiteral("DOCKER_HOST tcp://... is not supported yet");
        QTest::newRow("ssh") << QStringLiteral("ssh://me@host") << QString() << int(ErrorCode::Unsupported)
                             << QStringLiteral("DOCKER_HOST ssh://... is not supported yet");
        QTest::newRow("relative unix") << QStringLiteral("unix://docker.sock") << QString()
                                       << int(ErrorCode::InvalidInput) << QStringLiteral("absolute socket path");
        QTest::newRow("no scheme") << QStringLiteral("/run/docker.sock") << QString() << int(ErrorCode::InvalidInput)
                                   << QStringLiteral("has no scheme");
    }
    void socketPath_dockerHost_resolves()
    {
        QFETCH(QString, dockerHost);
        QFETCH(QString, path);
        QFETCH(int, code);
        QFETCH(QString, needle);
        const auto r = DockerEngine::socketPathForDockerHost(dockerHost);
        if (code < 0) {
            SC_VERIFY_OK(r);
            QCOMPARE(*r, path);
        } else {
            QVERIFY(!r.has_value());
            QCOMPARE(int(r.error().code), code);
            QVERIFY2(r.error().message.contains(needle), qPrintable(r.error().toString()));
        }
    }

    void socketPath_environment_honoursDockerHost()
    {
        const QByteArray saved = qgetenv("DOCKER_HOST");
        const bool had = qEnvironmentVariableIsSet("DOCKER_HOST");
        qputenv("DOCKER_HOST", "tcp://10.0.0.1:2376");
        const auto tcp = DockerEngine::socketPathFromEnvironment();
        qunsetenv("DOCKER_HOST");
        const auto unset = DockerEngine::socketPathFromEnvironment();
        if (had) {
            qputenv("DOCKER_HOST", saved);
        }
        QVERIFY(!tcp.has_value());
        QCOMPARE(tcp.error().code, ErrorCode::Unsupported);
        QCOMPARE(tcp.error().message, QStringLiteral("DOCKER_HOST tcp://... is not supported yet"));
        SC_VERIFY_OK(unset);
        QVERIFY2(*unset == QStringLiteral("/run/docker.sock") || *unset == QStringLiteral("/var/run/docker.sock"),
                 qPrintable(*unset));
    }

    void ping_missingSocket_namesSocket()
    {
        const QString missing = m_dir->filePath(QStringLiteral("missing.sock"));
        DockerEngine engine(missing);
        const auto r = await(engine.ping());
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Sandbox);
        QVERIFY2(r.error().message.contains(missing), qPrintable(r.error().toString()));
        QVERIFY2(r.error().detail.contains(QStringLiteral("DOCKER_HOST")), qPrintable(r.error().toString()));
    }

    void ping_reply_returnsApiVersionHeader()
    {
        m_dockerd->addReply(httpReply(200, "OK", "OK", "text/plain"));
        DockerEngine engine(m_socket);
        const auto r = await(engine.ping());
        SC_VERIFY_OK(r);
        QCOMPARE(*r, QStringLiteral("1.41"));
        QCOMPARE(requestLine(m_dockerd->requests.at(0)), QByteArray("GET /_ping HTTP/1.1"));
    }

    void runExec_hijackedStream_demuxesAndReadsExitCode_data()
    {
        QTest::addColumn<int>("step");
        QTest::newRow("one piece") << 0;
        QTest::newRow("every 5 bytes") << 5;
        QTest::newRow("every 3 bytes") << 3;
    }
    void runExec_hijackedStream_demuxesAndReadsExitCode()
    {
        QFETCH(int, step);
        const QByteArray upgraded = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                    "Connection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: 1.41\r\n\r\n" +
                                    dockerFrame(1, "out\n") + dockerFrame(2, "err\n") + dockerFrame(1, {}) +
                                    dockerFrame(0, "more\n");
        QList<int> cuts;
        for (int i = step; step > 0 && i < upgraded.size(); i += step) {
            cuts.append(i);
        }
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(httpReply(201, "Created", R"({"Id":"e1"})"));
        m_dockerd->addReply(cutAt(upgraded, cuts));
        m_dockerd->addReply(httpReply(200, "OK", R"({"ID":"e1","Running":false,"ExitCode":3,"Pid":42})"));
        DockerEngine engine(m_socket);
        DockerExecSpec spec;
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exit 3")};
        const auto r = await(engine.runExec(QStringLiteral("c1"), spec));
        SC_VERIFY_OK(r);
        QCOMPARE(r->standardOutput, QByteArray("out\nmore\n"));
        QCOMPARE(r->standardError, QByteArray("err\n"));
        QCOMPARE(r->exitCode, 3);
        QCOMPARE(m_dockerd->requests.size(), 4);
        QCOMPARE(requestLine(m_dockerd->requests.at(1)), QByteArray("POST /v1.41/containers/c1/exec HTTP/1.1"));
        const QByteArray start = m_dockerd->requests.at(2);
        QCOMPARE(requestLine(start), QByteArray("POST /v1.41/exec/e1/start HTTP/1.1"));
        QVERIFY(start.contains("\r\nUpgrade: tcp\r\n"));
        QVERIFY(start.contains("\r\nConnection: Upgrade\r\n"));
        QCOMPARE(requestLine(m_dockerd->requests.at(3)), QByteArray("GET /v1.41/exec/e1/json HTTP/1.1"));
    }

    void startExec_errorsOnStream_fail_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("needle");
        QTest::newRow("not running") << httpReply(409, "Conflict", R"({"message":"Container c1 is not running"})")
                                     << ErrorCode::Sandbox << QStringLiteral("is not running (HTTP 409)");
        QTest::newRow("no such exec") << httpReply(404, "Not Found", R"({"message":"No such exec instance: e1"})")
                                      << ErrorCode::NotFound << QStringLiteral("No such exec instance: e1");
        QTest::newRow("bad frame") << QByteArray("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                                                 "plain text")
                                   << ErrorCode::Sandbox << QStringLiteral("malformed Docker stream frame header");
        QTest::newRow("systemerr") << QByteArray(
                                          "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n") +
                                          dockerFrame(3, "oci runtime failed")
                                   << ErrorCode::Sandbox << QStringLiteral("oci runtime failed");
        QTest::newRow("cut frame") << QByteArray(
                                          "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n") +
                                          dockerFrame(1, "abcdef").left(11)
                                   << ErrorCode::Sandbox << QStringLiteral("ended inside a frame");
    }
    void startExec_errorsOnStream_fail()
    {
        QFETCH(QByteArray, reply);
        QFETCH(ErrorCode, code);
        QFETCH(QString, needle);
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(reply);
        DockerEngine engine(m_socket);
        DockerExecStream *stream = engine.startExec(QStringLiteral("e1"), false);
        QSignalSpy finished(stream, &DockerExecStream::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        const auto r = stream->result();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(needle), qPrintable(r.error().toString()));
    }

    void startExec_tty_passesRawBytes()
    {
        m_dockerd->addReply(versionReply("1.41"));
        m_dockerd->addReply(QList<QByteArray>{"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n$ ",
                                              "ls\r\n", "\x01\x02 raw"});
        DockerEngine engine(m_socket);
        DockerExecStream *stream = engine.startExec(QStringLiteral("e1"), true);
        QByteArray output;
        connect(stream, &DockerExecStream::outputReceived, this, [&output](DockerStream s, const QByteArray &data) {
            QCOMPARE(s, DockerStream::Stdout);
            output += data;
        });
        QSignalSpy started(stream, &DockerExecStream::started);
        QSignalSpy finished(stream, &DockerExecStream::finished);
        QVERIFY(finished.wait(10000));
        SC_VERIFY_OK(stream->result());
        QCOMPARE(started.size(), 1);
        QCOMPARE(output, QByteArray("$ ls\r\n\x01\x02 raw"));
    }

    void destroy_pendingCall_finishesCancelled()
    {
        m_dockerd->addReply(versionReply("1.41"));
        // No second reply: the scripted daemon keeps the inspect connection open.
        auto engine = std::make_unique<DockerEngine>(m_socket);
        auto future = engine->inspectContainer(QStringLiteral("x"));
        QTRY_COMPARE_WITH_TIMEOUT(m_dockerd->requests.size(), 2, 10000);
        QVERIFY(!future.isFinished());
        engine.reset();
        QVERIFY(future.isFinished());
        QCOMPARE(future.resultCount(), 1);
        QVERIFY(!future.result().has_value());
        QCOMPARE(future.result().error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(tst_DockerHttp)
#include "tst_dockerhttp.moc"
