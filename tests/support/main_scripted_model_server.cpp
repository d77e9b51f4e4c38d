// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// scripted-model-server --script FILE.json [--port N] [--requests FILE.jsonl] [--exit-when-done]
// A standalone ScriptedModelServer for integration tests and manual runs; see README.md.
#include "scriptedmodelserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

using Sandcastle::Test::ScriptedModelServer;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scripted-model-server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Answers OpenAI Responses / Chat Completions requests on 127.0.0.1 from a script of turns."));
    parser.addHelpOption();
    const QCommandLineOption scriptOption(QStringLiteral("script"), QStringLiteral("The script: {\"turns\":[...]}."),
                                          QStringLiteral("FILE.json"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (default: any free)."), QStringLiteral("N"),
                                        QStringLiteral("0"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"),
                                            QStringLiteral("Append every request as one JSON line to this file."),
                                            QStringLiteral("FILE.jsonl"));
    const QCommandLineOption exitOption(QStringLiteral("exit-when-done"),
                                        QStringLiteral("Exit 0 once the last scripted turn has been answered."));
    parser.addOptions({scriptOption, portOption, requestsOption, exitOption});
    parser.process(app);

    if (!parser.isSet(scriptOption)) {
        std::fputs("scripted-model-server: --script FILE.json is required\n", stderr);
        return 2;
    }
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fprintf(stderr, "scripted-model-server: --port: expected 0..65535, got \"%s\"\n",
                     qPrintable(parser.value(portOption)));
        return 2;
    }

    ScriptedModelServer server;
    QString error;
    if (!server.loadScript(parser.value(scriptOption), &error)) {
        std::fprintf(stderr, "scripted-model-server: %s\n", qPrintable(error));
        return 2;
    }

    QFile requestsFile;
    if (parser.isSet(requestsOption)) {
        requestsFile.setFileName(parser.value(requestsOption));
        if (!requestsFile.open(QIODevice::WriteOnly | QIODevice::Append)) {
            std::fprintf(stderr, "scripted-model-server: cannot open %s: %s\n", qPrintable(requestsFile.fileName()),
                         qPrintable(requestsFile.errorString()));
            return 2;
        }
        QObject::connect(&server, &ScriptedModelServer::requestReceived, &server, [&server, &requestsFile](int index) {
            requestsFile.write(QJsonDocument(server.requests().at(index).toJson()).toJson(QJsonDocument::Compact) +
                               '\n');
            requestsFile.flush();
        });
    }

    if (!server.listen(quint16(port))) {
        std::fprintf(stderr, "scripted-model-server: cannot listen on 127.0.0.1:%u\n", port);
        return 3;
    }
    std::printf("listening %s\n", qPrintable(server.baseUrl().toString()));
    std::fflush(stdout);

    if (parser.isSet(exitOption)) {
        QObject::connect(&server, &ScriptedModelServer::allTurnsAnswered, &app,
                         [] { QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); }); });
        if (server.remainingTurns() == 0) {
            return 0;
        }
    }
    return QCoreApplication::exec();
}
