// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// fuzz-seeds OUTDIR SOURCEDIR [CONFORMANCEDIR]: writes a seed corpus per fuzz target into
// OUTDIR/<target>/ from the unit tests' inputs (string literals in tests/core/unit), the shared
// conformance data when present (read here at run time, never copied into the repository), and
// files made with the real writers (a journal, an exported snapshot). Run by the fuzz_seeds test.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtEndian>

#include <cstdio>

using namespace Sandcastle::Core;

namespace {

QString g_out;
int g_written = 0;

void seed(const QString &target, const QByteArray &content)
{
    const QString dir = g_out + QLatin1Char('/') + target;
    QDir().mkpath(dir);
    QFile file(dir + QLatin1Char('/') +
               QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha1).toHex()));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(content);
        ++g_written;
    }
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray unescape(const QString &literal)
{
    QByteArray out;
    const QByteArray in = literal.toUtf8();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '\\' || i + 1 == in.size()) {
            out += in[i];
            continue;
        }
        const char c = in[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '0' ? '\0' : c;
    }
    return out;
}

/// Raw string literals and runs of adjacent ordinary literals of the C++ files matching `glob`.
QList<QByteArray> literals(const QString &dir, const QString &glob)
{
    QList<QByteArray> found;
    static const QRegularExpression raw(QStringLiteral(R"re(R"\((.*?)\)")re"),
                                        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression run(QStringLiteral(R"re("((?:[^"\\\n]|\\.)*)"(?:\s*"((?:[^"\\\n]|\\.)*)")*)re"));
    static const QRegularExpression one(QStringLiteral(R"re("((?:[^"\\\n]|\\.)*)")re"));
    const auto files = QDir(dir).entryList({glob}, QDir::Files);
    for (const QString &name : files) {
        QString text = QString::fromUtf8(readFile(dir + QLatin1Char('/') + name));
        for (auto it = raw.globalMatch(text); it.hasNext();) {
            found.append(it.next().captured(1).toUtf8());
        }
        text.remove(raw);
        for (auto it = run.globalMatch(text); it.hasNext();) {
            const QString joined = it.next().captured(0);
            QByteArray value;
            for (auto parts = one.globalMatch(joined); parts.hasNext();) {
                value += unescape(parts.next().captured(1));
            }
            found.append(value);
        }
    }
    return found;
}

QByteArray frame(int stream, const QByteArray &payload)
{
    QByteArray header(8, '\0');
    header[0] = char(stream);
    qToBigEndian<quint32>(quint32(payload.size()), header.data() + 4);
    return header + payload;
}

void patchSeeds(const QString &unitDir, const QString &conformance)
{
    for (const QByteArray &text : literals(unitDir, QStringLiteral("tst_applypatch*.cpp")) +
                                      literals(unitDir, QStringLiteral("tst_v4adiff.cpp"))) {
        if (text.contains("***") || text.startsWith('@') || text.startsWith('+')) {
            seed(QStringLiteral("v4apatch"), QByteArray("alpha\nbeta\ngamma\n") + '\0' + text);
        }
    }
    QDirIterator it(conformance + QStringLiteral("/apply_patch/scenarios"), {QStringLiteral("patch.txt")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString patch = it.next();
        QByteArray original;
        QDirIterator inputs(QFileInfo(patch).path() + QStringLiteral("/input"), QDir::Files,
                            QDirIterator::Subdirectories);
        if (inputs.hasNext()) {
            original = readFile(inputs.next());
        }
        seed(QStringLiteral("v4apatch"), original + '\0' + readFile(patch));
    }
}

void sseSeeds(const QString &unitDir, const QString &conformance)
{
    for (const QByteArray &text : literals(unitDir, QStringLiteral("tst_sseparser.cpp"))) {
        if (text.contains("data") || text.contains("event") || text.contains(':')) {
            seed(QStringLiteral("sse"), QByteArray(1, char(text.size() % 13)) + text);
        }
    }
    QDirIterator it(conformance + QStringLiteral("/responses_sse"), {QStringLiteral("*.sse")}, QDir::Files);
    while (it.hasNext()) {
        seed(QStringLiteral("sse"), QByteArray(1, '\x05') + readFile(it.next()));
    }
}

void manifestSeeds(const QString &unitDir)
{
    for (const QString &glob : {QStringLiteral("tst_manifest*.cpp"), QStringLiteral("tst_materializer.cpp")}) {
        for (const QByteArray &text : literals(unitDir, glob)) {
            if (text.trimmed().startsWith('{')) {
                seed(QStringLiteral("manifest"), text);
            }
        }
    }
}

void dockerSeeds()
{
    seed(QStringLiteral("dockerdemux"), QByteArray(1, '\x03') + frame(1, "hi\n") + frame(2, "err\n"));
    seed(QStringLiteral("dockerdemux"), QByteArray(1, '\x01') + frame(1, QByteArray()) + frame(3, "daemon failed"));
    seed(QStringLiteral("dockerdemux"), QByteArray(1, '\x07') + frame(0, "in") + frame(1, QByteArray(300, 'x')));
    seed(QStringLiteral("dockerdemux"), QByteArray(1, '\x02') + frame(1, "cut").left(9));
}

void stateSeeds()
{
    const QJsonObject state{{QStringLiteral("backend"), QStringLiteral("docker")},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("container_id"), QStringLiteral("0123456789ab")},
                            {QStringLiteral("session_id"), QStringLiteral("s-1")},
                            {QStringLiteral("workspace_dir"), QStringLiteral("/tmp/ws")},
                            {QStringLiteral("manifest_root"), QStringLiteral("/workspace")},
                            {QStringLiteral("image"), QStringLiteral("sandcastle-sandbox:latest")},
                            {QStringLiteral("network"), false},
                            {QStringLiteral("exposed_ports"), QJsonArray{8080, 3000}},
                            {QStringLiteral("exec_helper_socket"), QStringLiteral("/run/sandcastle/exec.sock")}};
    seed(QStringLiteral("sessionstate"), QJsonDocument(state).toJson(QJsonDocument::Compact));
    QJsonObject bad = state;
    bad.insert(QStringLiteral("exposed_ports"), QJsonArray{0, QStringLiteral("x")});
    seed(QStringLiteral("sessionstate"), QJsonDocument(bad).toJson(QJsonDocument::Compact));
}

void journalSeeds(const QString &tmp)
{
    const QString path = tmp + QStringLiteral("/journal.sqlite");
    {
        RunJournal journal;
        if (!journal.open(path)) {
            return;
        }
        JournalRun run;
        run.id = QStringLiteral("run-1");
        (void)journal.beginRun(run);
        (void)journal.appendItems(run.id, QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                 {QStringLiteral("content"), QStringLiteral("hi")}}});
        (void)journal.recordToolCall(run.id, QStringLiteral("call-1"), QStringLiteral("shell"), QStringLiteral("done"));
        (void)journal.recordToolOutput(run.id, QStringLiteral("call-1"),
                                       QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")}});
        (void)journal.setSessionState(run.id, QJsonObject{{QStringLiteral("backend"), QStringLiteral("unix_local")}});
        (void)journal.recordSnapshot(run.id, 1, QStringLiteral("snap-1"));
        (void)journal.finishRun(run.id, QStringLiteral("completed"), QStringLiteral("ok"), QString());
        journal.close();
    }
    // A checkpointed single file: the WAL is folded in on close.
    seed(QStringLiteral("journal"), readFile(path));
}

void snapshotSeeds(const QString &tmp)
{
    const QString ws = tmp + QStringLiteral("/ws");
    QDir().mkpath(ws + QStringLiteral("/src/deep"));
    QFile a(ws + QStringLiteral("/src/a.txt"));
    if (a.open(QIODevice::WriteOnly)) {
        a.write("alpha\n");
        a.close();
    }
    QFile b(ws + QStringLiteral("/src/deep/b.bin"));
    if (b.open(QIODevice::WriteOnly)) {
        b.write(QByteArray(64, '\x01'));
        b.close();
    }
    QFile::link(QStringLiteral("src/a.txt"), ws + QStringLiteral("/link"));
    const SnapshotStore store(tmp + QStringLiteral("/store"));
    const auto created = store.create(ws).result();
    if (!created) {
        std::fprintf(stderr, "snapshot seed: %s\n", qPrintable(created.error().toString()));
        return;
    }
    const QString archive = tmp + QStringLiteral("/snap.tar");
    if (store.exportArchive(created->id, archive).result()) {
        seed(QStringLiteral("snapshot"), readFile(archive));
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: fuzz-seeds OUTDIR SOURCEDIR [CONFORMANCEDIR]\n");
        return 2;
    }
    g_out = args.at(1);
    const QString unitDir = args.at(2) + QStringLiteral("/tests/core/unit");
    const QString conformance = args.size() > 3 ? args.at(3) : QString();
    QTemporaryDir tmp;
    patchSeeds(unitDir, conformance);
    sseSeeds(unitDir, conformance);
    manifestSeeds(unitDir);
    dockerSeeds();
    stateSeeds();
    journalSeeds(tmp.path());
    snapshotSeeds(tmp.path());
    std::printf("fuzz-seeds: %d seeds written to %s\n", g_written, qPrintable(g_out));
    return g_written > 0 ? 0 : 1;
}
