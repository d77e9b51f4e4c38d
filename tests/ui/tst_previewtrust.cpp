// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The preview's trust boundary and console model without a browser: which navigations are
// allowed, blocked or asked about; origins; console lines as the agent reads them.

#include "previewconsolemodel.h"
#include "previewtrust.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Sandcastle::Ui;
using Verdict = PreviewTrust::Verdict;

class tst_PreviewTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void originOf_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("origin");
        QTest::newRow("explicit port") << "http://127.0.0.1:8000/a?b" << "http://127.0.0.1:8000";
        QTest::newRow("default http") << "http://Example.org/" << "http://example.org:80";
        QTest::newRow("default https") << "https://example.org/x" << "https://example.org:443";
        QTest::newRow("file") << "file:///etc/passwd" << "";
        QTest::newRow("data") << "data:text/html,hi" << "";
    }
    void originOf()
    {
        QFETCH(QString, url);
        QFETCH(QString, origin);
        QCOMPARE(PreviewTrust::originOf(QUrl(url)), origin);
    }

    void judge_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<PreviewNavigation>("kind");
        QTest::addColumn<bool>("mainFrame");
        QTest::addColumn<Verdict>("verdict");
        const auto link = PreviewNavigation::LinkClicked;
        QTest::newRow("same origin link") << "http://127.0.0.1:8000/b" << link << true << Verdict::Allow;
        QTest::newRow("other port asks") << "http://127.0.0.1:8001/" << link << true << Verdict::Ask;
        QTest::newRow("localhost is another origin") << "http://localhost:8000/" << link << true << Verdict::Ask;
        QTest::newRow("redirect out asks")
            << "https://example.org/" << PreviewNavigation::Redirect << true << Verdict::Ask;
        QTest::newRow("script navigation asks")
            << "https://example.org/" << PreviewNavigation::Other << true << Verdict::Ask;
        QTest::newRow("typed is the user's")
            << "https://example.org/" << PreviewNavigation::Typed << true << Verdict::Allow;
        QTest::newRow("frame elsewhere") << "https://example.org/embed" << link << false << Verdict::Allow;
        QTest::newRow("file main frame") << "file:///etc/passwd" << link << true << Verdict::Block;
        QTest::newRow("file typed") << "file:///etc/passwd" << PreviewNavigation::Typed << true << Verdict::Block;
        QTest::newRow("file frame") << "file:///etc/passwd" << link << false << Verdict::Block;
        QTest::newRow("custom scheme") << "vscode://open" << link << true << Verdict::Block;
        QTest::newRow("qrc") << "qrc:/i18n/sandcastle_de.qm" << link << true << Verdict::Block;
        QTest::newRow("view-source") << "view-source:http://127.0.0.1:8000/" << link << true << Verdict::Block;
        QTest::newRow("data main frame") << "data:text/html,hi" << link << true << Verdict::Block;
        QTest::newRow("data frame") << "data:text/html,hi" << link << false << Verdict::Allow;
        QTest::newRow("about blank") << "about:blank" << link << true << Verdict::Allow;
        QTest::newRow("blob") << "blob:http://127.0.0.1:8000/1234" << link << true << Verdict::Allow;
    }
    void judge()
    {
        QFETCH(QString, url);
        QFETCH(PreviewNavigation, kind);
        QFETCH(bool, mainFrame);
        QFETCH(Verdict, verdict);
        PreviewTrust trust;
        trust.trust(QUrl(QStringLiteral("http://127.0.0.1:8000/index.html")));
        QCOMPARE(trust.judge(QUrl(url), kind, mainFrame), verdict);
    }

    void trust_addsOriginsOnce()
    {
        PreviewTrust trust;
        trust.trust(QUrl(QStringLiteral("http://127.0.0.1:8000/a")));
        trust.trust(QUrl(QStringLiteral("http://127.0.0.1:8000/b")));
        trust.trust(QUrl(QStringLiteral("file:///tmp/x")));
        QCOMPARE(trust.origins(), QStringList{QStringLiteral("http://127.0.0.1:8000")});
        QVERIFY(trust.isTrusted(QUrl(QStringLiteral("http://127.0.0.1:8000/c"))));
        QVERIFY(!trust.isTrusted(QUrl(QStringLiteral("https://127.0.0.1:8000/c"))));
    }

    void console_modelAndText()
    {
        PreviewConsoleModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({PreviewConsoleMessage::Level::Error, QStringLiteral("boom"), 12,
                      QStringLiteral("http://127.0.0.1:8000/app.js")});
        model.append({PreviewConsoleMessage::Level::Info, QStringLiteral("ready"), 0, QString()});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, PreviewConsoleModel::SourceColumn).data().toString(), QStringLiteral("app.js:12"));
        QCOMPARE(model.index(0, PreviewConsoleModel::MessageColumn).data().toString(), QStringLiteral("boom"));
        QCOMPARE(model.asText(), QStringLiteral("[error] boom (http://127.0.0.1:8000/app.js:12)\n[info] ready"));
        QCOMPARE(model.asText({1}), QStringLiteral("[info] ready"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void console_keepsTheNewestMessages()
    {
        PreviewConsoleModel model;
        for (int i = 0; i < PreviewConsoleModel::kMaxMessages + 5; ++i) {
            model.append({PreviewConsoleMessage::Level::Info, QString::number(i), 0, QString()});
        }
        QCOMPARE(model.rowCount(), PreviewConsoleModel::kMaxMessages);
        QCOMPARE(model.messages().first().message, QStringLiteral("5"));
    }
};

QTEST_MAIN(tst_PreviewTrust)
#include "tst_previewtrust.moc"
