// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// ExposedPortEndpoint::urlFor (spec url_for), exposed port list validation and the
// /proc/net/tcp parser the listening-port detection uses.

#include "resultverify.h"
#include "sandcastle/core/sandbox/procnettcp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sandcastle::Core;

namespace {

// A real table's header and lines (x86-64, little-endian words).
constexpr char kTcpHeader[] = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
                              "timeout inode\n";
constexpr char kTcp6Header[] = "  sl  local_address                         remote_address                        st "
                               "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

} // namespace

class tst_ExposedPorts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlFor_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("expected");
        QTest::newRow("http") << "127.0.0.1" << 8000 << false << "" << "http" << "http://127.0.0.1:8000/";
        QTest::newRow("ws") << "127.0.0.1" << 8000 << false << "" << "ws" << "ws://127.0.0.1:8000/";
        QTest::newRow("https") << "example.test" << 8443 << true << "" << "http" << "https://example.test:8443/";
        QTest::newRow("wss") << "example.test" << 8443 << true << "" << "ws" << "wss://example.test:8443/";
        QTest::newRow("http default port") << "localhost" << 80 << false << "" << "http" << "http://localhost/";
        QTest::newRow("tls default port") << "localhost" << 443 << true << "" << "http" << "https://localhost/";
        QTest::newRow("80 with tls kept") << "localhost" << 80 << true << "" << "http" << "https://localhost:80/";
        QTest::newRow("443 without tls kept") << "localhost" << 443 << false << "" << "ws" << "ws://localhost:443/";
        QTest::newRow("ipv6 bracketed") << "::1" << 8080 << false << "" << "http" << "http://[::1]:8080/";
        QTest::newRow("query") << "127.0.0.1" << 3000 << false << "token=abc" << "http"
                               << "http://127.0.0.1:3000/?token=abc";
        QTest::newRow("query leading ?") << "127.0.0.1" << 3000 << false << "?token=abc" << "ws"
                                         << "ws://127.0.0.1:3000/?token=abc";
        QTest::newRow("lone ?") << "127.0.0.1" << 3000 << false << "?" << "http" << "http://127.0.0.1:3000/";
        QTest::newRow("unknown scheme") << "127.0.0.1" << 3000 << false << "" << "ftp" << "";
    }

    void urlFor()
    {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, tls);
        QFETCH(QString, query);
        QFETCH(QString, scheme);
        QFETCH(QString, expected);
        const ExposedPortEndpoint endpoint{host, quint16(port), tls, query};
        QCOMPARE(endpoint.urlFor(scheme).toString(), expected);
    }

    void validate_list_data()
    {
        QTest::addColumn<QList<qint64>>("ports");
        QTest::addColumn<QList<quint16>>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QList<qint64>{} << QList<quint16>{} << "";
        QTest::newRow("bounds") << QList<qint64>{1, 65535} << QList<quint16>{1, 65535} << "";
        QTest::newRow("dedupe keeps order")
            << QList<qint64>{8080, 3000, 8080, 3000, 1} << QList<quint16>{8080, 3000, 1} << "";
        QTest::newRow("zero") << QList<qint64>{80, 0} << QList<quint16>{}
                              << "exposed port 0 is out of range (expected 1..65535) (--port)";
        QTest::newRow("too big") << QList<qint64>{65536} << QList<quint16>{}
                                 << "exposed port 65536 is out of range (expected 1..65535) (--port)";
        QTest::newRow("negative") << QList<qint64>{-5} << QList<quint16>{}
                                  << "exposed port -5 is out of range (expected 1..65535) (--port)";
    }

    void validate_list()
    {
        QFETCH(QList<qint64>, ports);
        QFETCH(QList<quint16>, expected);
        QFETCH(QString, error);
        const Result<QList<quint16>> r = validateExposedPorts(ports, QStringLiteral("--port"));
        if (error.isEmpty()) {
            SC_VERIFY_OK(r);
            QCOMPARE(*r, expected);
        } else {
            QVERIFY(!r);
            QCOMPARE(r.error().code, ErrorCode::InvalidInput);
            QCOMPARE(r.error().toString(), error);
        }
    }

    void validate_json_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QList<quint16>>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("int") << QByteArray("[8080]") << QList<quint16>{8080} << "";
        QTest::newRow("array dedupe") << QByteArray("[[80, 80, 81]]") << QList<quint16>{80, 81} << "";
        QTest::newRow("null") << QByteArray("[null]") << QList<quint16>{} << "";
        QTest::newRow("string element") << QByteArray("[[80, \"81\"]]") << QList<quint16>{}
                                        << "expected a whole port number (/exposed_ports/1)";
        QTest::newRow("fraction") << QByteArray("[[80.5]]") << QList<quint16>{}
                                  << "expected a whole port number (/exposed_ports/0)";
        QTest::newRow("out of range element")
            << QByteArray("[[80, 70000]]") << QList<quint16>{}
            << "exposed port 70000 is out of range (expected 1..65535) (/exposed_ports/1)";
        QTest::newRow("object") << QByteArray("[{}]") << QList<quint16>{}
                                << "expected a port number or an array of port numbers (/exposed_ports)";
    }

    void validate_json()
    {
        QFETCH(QByteArray, json);
        QFETCH(QList<quint16>, expected);
        QFETCH(QString, error);
        const QJsonValue value = QJsonDocument::fromJson(json).array().at(0);
        const Result<QList<quint16>> r = validateExposedPorts(value, QStringLiteral("/exposed_ports"));
        if (error.isEmpty()) {
            SC_VERIFY_OK(r);
            QCOMPARE(*r, expected);
        } else {
            QVERIFY(!r);
            QCOMPARE(r.error().toString(), error);
        }
    }

    void parseProcNetTcp_entries_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("ipv6");
        QTest::addColumn<int>("state");
        QTest::addColumn<quint64>("inode");
        QTest::newRow("loopback listen")
            << QByteArray("   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 "
                          "123456 1 0000000000000000 100 0 0 10 0")
            << 8000 << "127.0.0.1" << false << 0x0A << quint64(123456);
        QTest::newRow("any address")
            << QByteArray("   1: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
                          "77 1 0000000000000000 100 0 0 10 0")
            << 3000 << "0.0.0.0" << false << 0x0A << quint64(77);
        QTest::newRow("established")
            << QByteArray("   2: 0100007F:1F40 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 "
                          "999 1 0000000000000000 20 4 30 10 -1")
            << 8000 << "127.0.0.1" << false << 0x01 << quint64(999);
        QTest::newRow("other address")
            << QByteArray("   3: 0101A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
                          "5 1 0000000000000000 100 0 0 10 0")
            << 80 << "192.168.1.1" << false << 0x0A << quint64(5);
        QTest::newRow("ipv6 any")
            << QByteArray("   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A "
                          "00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0")
            << 8080 << "::" << true << 0x0A << quint64(4242);
        QTest::newRow("ipv6 loopback")
            << QByteArray("   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A "
                          "00000000:00000000 00:00000000 00000000  1000        0 4243 1 0000000000000000 100 0 0 10 0")
            << 8080 << "::1" << true << 0x0A << quint64(4243);
        QTest::newRow("ipv4-mapped")
            << QByteArray("   2: 0000000000000000FFFF00000100007F:0016 00000000000000000000000000000000:0000 0A "
                          "00000000:00000000 00:00000000 00000000     0        0 11 1 0000000000000000 100 0 0 10 0")
            << 22 << "::ffff:127.0.0.1" << true << 0x0A << quint64(11);
    }

    void parseProcNetTcp_entries()
    {
        if (QSysInfo::ByteOrder != QSysInfo::LittleEndian) {
            QSKIP("the sample lines are a little-endian kernel's");
        }
        QFETCH(QByteArray, line);
        QFETCH(int, port);
        QFETCH(QString, address);
        QFETCH(bool, ipv6);
        QFETCH(int, state);
        QFETCH(quint64, inode);
        const QByteArray text = QByteArray(ipv6 ? kTcp6Header : kTcpHeader) + line + '\n';
        const Result<QList<ProcNetTcpEntry>> r = parseProcNetTcp(text);
        SC_VERIFY_OK(r);
        QCOMPARE(r->size(), 1);
        const ProcNetTcpEntry &e = r->first();
        QCOMPARE(e.local.port, quint16(port));
        QCOMPARE(e.local.address, address);
        QCOMPARE(e.local.ipv6, ipv6);
        QCOMPARE(e.state, state);
        QCOMPARE(e.inode, inode);
    }

    void parseProcNetTcp_malformed_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("short") << QByteArray("   0: 0100007F:1F40 00000000:0000 0A")
                               << "/proc/net/tcp line 2: expected \"N: local remote state ... inode\" (at least 10 "
                                  "fields)";
        QTest::newRow("bad address")
            << QByteArray("   0: 0100007:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1")
            << "/proc/net/tcp line 2: expected a local address as 8 or 32 hex digits, ':' and a 4-digit hex port";
        QTest::newRow("bad port")
            << QByteArray("   0: 0100007F:XYZW 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1")
            << "/proc/net/tcp line 2: expected a local address as 8 or 32 hex digits, ':' and a 4-digit hex port";
        QTest::newRow("bad state")
            << QByteArray("   0: 0100007F:1F40 00000000:0000 LISTEN 00000000:00000000 00:00000000 00000000 0 0 1")
            << "/proc/net/tcp line 2: expected a state of 2 hex digits";
        QTest::newRow("bad inode")
            << QByteArray("   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 x1")
            << "/proc/net/tcp line 2: expected a decimal inode in field 10";
    }

    void parseProcNetTcp_malformed()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        const Result<QList<ProcNetTcpEntry>> r = parseProcNetTcp(QByteArray(kTcpHeader) + line + '\n');
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QCOMPARE(r.error().message, expected);
    }

    void listeningPortsOf_filtersSortsAndDedupes()
    {
        if (QSysInfo::ByteOrder != QSysInfo::LittleEndian) {
            QSKIP("the sample lines are a little-endian kernel's");
        }
        // Two tables concatenated, as `cat /proc/net/tcp /proc/net/tcp6` prints them.
        const QByteArray text =
            QByteArray(kTcpHeader) +
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 10 1\n"
            "   1: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 11 1\n"
            "   2: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000 0 0 12 1\n" +
            kTcp6Header +
            "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 "
            "00:00000000 00000000 0 0 13 1\n"
            "   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 "
            "00:00000000 00000000 0 0 13 1\n";
        const Result<QList<ProcNetTcpEntry>> entries = parseProcNetTcp(text);
        SC_VERIFY_OK(entries);
        QCOMPARE(entries->size(), 5);
        const QList<ListeningPort> all = listeningPortsOf(*entries);
        const QList<ListeningPort> expected{{3000, QStringLiteral("0.0.0.0"), false},
                                            {8080, QStringLiteral("127.0.0.1"), false},
                                            {8080, QStringLiteral("::1"), true}};
        QCOMPARE(all, expected);
        const QSet<quint64> ours{11, 12};
        const QList<ListeningPort> filtered = listeningPortsOf(*entries, &ours);
        QCOMPARE(filtered, (QList<ListeningPort>{{3000, QStringLiteral("0.0.0.0"), false}}));
    }
};

QTEST_GUILESS_MAIN(tst_ExposedPorts)
#include "tst_exposedports.moc"
