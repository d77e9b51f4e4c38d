// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 9 end to end, under Xvfb: a scripted agent run starts `python3 -m http.server` in the
// sandbox on a declared port and another on an undeclared one, for the Unix-local and the Docker
// client. The main window offers both ports (Core::PortMonitor), the declared one loads in a
// preview tab (title and text read through runJavaScript), the undeclared one is reachable too
// (Docker: through the exec helper's tunnel), and the agent's preview_screenshot call returns a
// PNG that is not blank in the next model request.
#include "previewtab.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/workspaceowner.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "sandcastle/ui/previewdock.h"
#include "scriptedmodelserver.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::PreviewDock;
using Sandcastle::Ui::PreviewTab;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 60000;

template<class W>
W *child(const QObject *parent, const char *name)
{
    W *w = parent->findChild<W *>(QLatin1String(name));
    if (!w) {
        qWarning("no child %s", name);
    }
    return w;
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
}

ScriptedTurn callTurn(const QString &name, const QJsonObject &arguments, const QString &callId)
{
    ScriptedTurn turn;
    turn.outputItems = {functionCallItem(name, arguments, callId)};
    return turn;
}

ScriptedTurn execTurn(const QString &cmd, int yieldMs, const QString &callId)
{
    return callTurn(QStringLiteral("exec_command"),
                    {{QStringLiteral("cmd"), cmd}, {QStringLiteral("yield_time_ms"), yieldMs}}, callId);
}

QVariant runJs(PreviewTab *tab, const QString &script)
{
    QVariant value;
    bool done = false;
    tab->page()->runJavaScript(script, [&](const QVariant &v) {
        value = v;
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, kTimeoutMs) ? value : QVariant();
}

QPushButton *offerButton(PreviewDock *dock, quint16 port)
{
    for (QPushButton *b : dock->findChildren<QPushButton *>()) {
        if (b->accessibleName() == QStringLiteral("Preview port %1").arg(port)) {
            return b;
        }
    }
    return nullptr;
}

/// The function_call_output for `callId` in a recorded Responses request body.
QJsonValue callOutput(const QByteArray &body, const QString &callId)
{
    const QJsonArray input = QJsonDocument::fromJson(body).object().value(QLatin1String("input")).toArray();
    for (const QJsonValue &item : input) {
        const QJsonObject o = item.toObject();
        if (o.value(QLatin1String("type")).toString() == QLatin1String("function_call_output") &&
            o.value(QLatin1String("call_id")).toString() == callId) {
            return o.value(QLatin1String("output"));
        }
    }
    return {};
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 5) {
        for (int x = 0; x < rgb.width(); x += 5) {
            colours.insert(rgb.pixel(x, y));
        }
    }
    return int(colours.size());
}

} // namespace

class tst_PreviewRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void agentServesPort_previewedAndScreenshotted_data()
    {
        QTest::addColumn<QString>("client");
        QTest::newRow("unix_local") << QStringLiteral("unix_local");
        QTest::newRow("docker") << QStringLiteral("docker");
    }
    void agentServesPort_previewedAndScreenshotted()
    {
        QFETCH(QString, client);
        const QString image = qEnvironmentVariable("SANDCASTLE_SANDBOX_IMAGE");
        if (client == QLatin1String("docker") &&
            (image.isEmpty() || !QFile::exists(QStringLiteral("/run/docker.sock")))) {
            QSKIP("the Docker row needs dockerd and SANDCASTLE_SANDBOX_IMAGE (scripts/test provides both)");
        }
        const quint16 declared = freePort();
        const quint16 undeclared = freePort();
        QVERIFY(declared != 0 && undeclared != 0 && declared != undeclared);

        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        if (client == QLatin1String("docker")) {
            // A user's own folder, as on a desktop: on a root host (CI) a root-owned folder would be
            // unwritable for the container's unprivileged user (SECURITY.md "Docker"). No-op otherwise.
            SC_VERIFY_OK(Sandcastle::Core::giveTreeTo(workspace.path(), Sandcastle::Core::kRootHostSandboxOwner));
        }
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(execTurn(
            QStringLiteral(
                "mkdir -p site && printf '<html><head><title>Agent site</title></head><body style=\"background:"
                "white\"><h1 style=\"color:blue\">Hello from the sandbox</h1></body></html>' > "
                "site/index.html && cd site && exec python3 -m http.server %1 --bind 127.0.0.1")
                .arg(declared),
            1500, QStringLiteral("call_site")));
        server.enqueue(execTurn(QStringLiteral("exec python3 -m http.server %1 --bind 127.0.0.1").arg(undeclared), 1000,
                                QStringLiteral("call_other")));
        server.enqueue(execTurn(QStringLiteral("while [ ! -f .preview-open ]; do sleep 0.2; done; echo seen"), 30000,
                                QStringLiteral("call_wait")));
        server.enqueue(callTurn(QStringLiteral("preview_screenshot"), {}, QStringLiteral("call_shot")));
        ScriptedTurn answer;
        answer.outputItems = {messageItem(QStringLiteral("The site is served and looks right."))};
        server.enqueue(answer);

        MainWindow window;
        window.setWorkspace(workspace.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<PreviewDock *>();
        QVERIFY(dock);
        QVERIFY(!dock->isBackendLoaded());
        child<QComboBox>(&window, "providerCombo")->setCurrentIndex(0); // Custom: the base URL below
        child<QLineEdit>(&window, "baseUrlEdit")->setText(server.baseUrl().toString());
        child<QLineEdit>(&window, "modelEdit")->setText(QStringLiteral("scripted-model"));
        auto *clientCombo = child<QComboBox>(&window, "clientCombo");
        clientCombo->setCurrentIndex(clientCombo->findData(client));
        auto *confinement = child<QComboBox>(&window, "confinementCombo");
        confinement->setCurrentIndex(confinement->findData(int(Sandcastle::Core::Confinement::Auto)));
        child<QLineEdit>(&window, "dockerImageEdit")->setText(image);
        child<QLineEdit>(&window, "portsEdit")->setText(QString::number(declared));
        child<QPlainTextEdit>(&window, "taskEdit")->setPlainText(QStringLiteral("Serve a page and check it."));
        child<QPushButton>(&window, "runButton")->click();

        // Both servers are detected and offered; the declared one opens in a tab.
        QTRY_VERIFY_WITH_TIMEOUT(dock->offeredPorts().contains(declared), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(dock->offeredPorts().contains(undeclared), kTimeoutMs);
        QPushButton *accept = offerButton(dock, declared);
        QVERIFY(accept);
        accept->click();
        PreviewTab *tab = dock->tabForPort(declared);
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->hasLoaded(), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(runJs(tab, QStringLiteral("document.title")).toString(), QStringLiteral("Agent site"),
                                  kTimeoutMs);
        QVERIFY(runJs(tab, QStringLiteral("document.body.innerText"))
                    .toString()
                    .contains(QLatin1String("Hello from the sandbox")));
        QCOMPARE(tab->url().host(), QStringLiteral("127.0.0.1")); // never another address

        // The undeclared port answers too (Docker: through the tunnel; the page lists the workspace).
        QPushButton *other = offerButton(dock, undeclared);
        QVERIFY(other);
        other->click();
        PreviewTab *otherTab = dock->tabForPort(undeclared);
        QVERIFY(otherTab);
        QTRY_VERIFY_WITH_TIMEOUT(otherTab->hasLoaded(), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            runJs(otherTab, QStringLiteral("document.body.innerText")).toString().contains(QLatin1String("site/")),
            kTimeoutMs);
        dock->closeTab(dock->tabCount() - 1);
        QTRY_COMPARE(dock->tabCount(), 1);

        // The agent looks at its page: preview_screenshot returns a PNG that is not blank.
        QVERIFY(QFile(workspace.filePath(QStringLiteral(".preview-open"))).open(QIODevice::WriteOnly));
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(&window, "continueButton")->isEnabled(), kTimeoutMs);
        QCOMPARE(server.requests().size(), 5);
        const QByteArray fourth = server.requests().at(3).body;
        QVERIFY2(fourth.contains("\"preview_screenshot\""), "the tool is offered while a preview is open");
        const QJsonValue output = callOutput(server.requests().at(4).body, QStringLiteral("call_shot"));
        QVERIFY2(output.isArray(), QJsonDocument(QJsonObject{{QStringLiteral("o"), output}}).toJson().constData());
        QString dataUrl;
        for (const QJsonValue &part : output.toArray()) {
            if (part.toObject().value(QLatin1String("type")).toString() == QLatin1String("input_image")) {
                dataUrl = part.toObject().value(QLatin1String("image_url")).toString();
            }
        }
        QVERIFY2(dataUrl.startsWith(QLatin1String("data:image/png;base64,")), qPrintable(dataUrl.left(80)));
        const QImage shot =
            QImage::fromData(QByteArray::fromBase64(dataUrl.mid(dataUrl.indexOf(u',') + 1).toLatin1()), "PNG");
        QVERIFY(!shot.isNull());
        QVERIFY2(distinctColours(shot) > 1, "the screenshot is a single colour");
        child<QPushButton>(&window, "stopButton")->click();
    }
};

int main(int argc, char **argv)
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); // WebEngine arrives late, from the plugin
    QApplication app(argc, argv);
    tst_PreviewRun test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_previewrun.moc"
