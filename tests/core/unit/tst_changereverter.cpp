// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ChangeReverter on real temporary workspaces: patches applied with PatchApplier, recorded as
// change sets, then reverted by hunk, file, set and several sets; exact bytes, conflicts that
// write nothing, binary and deleted files; and the journal's change set storage and migration.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/review/changereverter.h"

#include "resultverify.h"
#include "testenv.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

QByteArray numbered(int count, const char *eol)
{
    QByteArray out;
    for (int k = 1; k <= count; ++k) {
        out += "line " + QByteArray::number(k) + eol;
    }
    return out;
}

const QString s_twoHunks = QStringLiteral("*** Begin Patch\n*** Update File: f.txt\n@@\n line 4\n-line 5\n+FIVE\n"
                                          " line 6\n@@\n line 24\n-line 25\n+TWENTY-FIVE\n line 26\n*** End Patch\n");

} // namespace

class TestChangeReverter : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const char *name) const { return m_dir->filePath(QLatin1String(name)); }

    Result<ChangeSet> apply(const QString &patch) const
    {
        const auto result = PatchApplier::applyText(m_dir->path(), patch);
        if (!result) {
            return std::unexpected(result.error());
        }
        return ChangeSet::fromChanges(result->changes, result->origins);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void revert_crlfHunkByHunk_exactBytes()
    {
        const QByteArray original = numbered(30, "\r\n");
        QVERIFY(writeTestFile(path("f.txt"), original));
        const auto set = apply(s_twoHunks);
        SC_VERIFY_OK(set);
        QCOMPARE(set->files.first().diff.hunks.size(), 2);
        const auto second = ChangeReverter::revert(m_dir->path(), *set, 0, 1);
        SC_VERIFY_OK(second);
        QVERIFY(second->ok());
        QCOMPARE(second->written, QStringList{QStringLiteral("f.txt")});
        QByteArray halfway = original;
        halfway.replace("line 5\r\n", "FIVE\r\n");
        QCOMPARE(readTestFile(path("f.txt")), halfway);
        // The same hunk again: its lines are gone, a conflict, nothing written.
        const auto again = ChangeReverter::revert(m_dir->path(), *set, 0, 1);
        SC_VERIFY_OK(again);
        QCOMPARE(again->conflicts.size(), 1);
        QCOMPARE(again->conflicts.first().header, QStringLiteral("@@ -22,7 +22,7 @@"));
        QCOMPARE(readTestFile(path("f.txt")), halfway);
        const auto first = ChangeReverter::revert(m_dir->path(), *set, 0, 0);
        SC_VERIFY_OK(first);
        QVERIFY(first->ok());
        QCOMPARE(readTestFile(path("f.txt")), original);
    }

    void revert_noFinalNewlineAndUtf8_exactBytes()
    {
        const QByteArray original = "größe\nnaïve\ncafé";
        QVERIFY(writeTestFile(path("u.txt"), original));
        const auto set = apply(QStringLiteral("*** Begin Patch\n*** Update File: u.txt\n@@\n naïve\n-café\n+CAFÉ\n"
                                              "*** End of File\n*** End Patch\n"));
        SC_VERIFY_OK(set);
        QCOMPARE(readTestFile(path("u.txt")), QByteArray("größe\nnaïve\nCAFÉ"));
        const auto reverted = ChangeReverter::revert(m_dir->path(), *set);
        SC_VERIFY_OK(reverted);
        QVERIFY(reverted->ok());
        QCOMPARE(readTestFile(path("u.txt")), original);
    }

    void revert_linesInsertedAbove_offsetSearchFindsHunk()
    {
        QVERIFY(writeTestFile(path("f.txt"), numbered(30, "\n")));
        const auto set = apply(s_twoHunks);
        SC_VERIFY_OK(set);
        const QByteArray edited = "new top 1\nnew top 2\n" + readTestFile(path("f.txt"));
        QVERIFY(writeTestFile(path("f.txt"), edited));
        const auto reverted = ChangeReverter::revert(m_dir->path(), *set, 0);
        SC_VERIFY_OK(reverted);
        QVERIFY(reverted->ok());
        QCOMPARE(readTestFile(path("f.txt")), "new top 1\nnew top 2\n" + numbered(30, "\n"));
    }

    void revert_hunkLinesChanged_conflictNothingWritten()
    {
        QVERIFY(writeTestFile(path("f.txt"), numbered(30, "\n")));
        const auto set = apply(s_twoHunks);
        SC_VERIFY_OK(set);
        QByteArray edited = readTestFile(path("f.txt"));
        edited.replace("line 4\nFIVE\n", "line 4\nfive, edited by hand\n");
        QVERIFY(writeTestFile(path("f.txt"), edited));
        const auto reverted = ChangeReverter::revert(m_dir->path(), *set);
        SC_VERIFY_OK(reverted);
        QCOMPARE(reverted->conflicts.size(), 1);
        const RevertConflict &c = reverted->conflicts.first();
        QCOMPARE(c.path, QStringLiteral("f.txt"));
        QCOMPARE(c.hunk, 0);
        QCOMPARE(c.header, QStringLiteral("@@ -2,7 +2,7 @@"));
        QCOMPARE(c.current, QByteArray("line 2\nline 3\nline 4\nfive, edited by hand\nline 6\nline 7\nline 8\n"));
        QVERIFY(reverted->written.isEmpty());
        QCOMPARE(readTestFile(path("f.txt")), edited); // hunk 1 was revertible, but nothing is written
    }

    void revert_addDeleteMove_wholeFiles()
    {
        const QByteArray gone("#!/bin/sh\r\necho gone", 20);
        QVERIFY(writeTestFile(path("old.sh"), gone));
        const auto mode = QFile::permissions(path("old.sh")) | QFile::ExeOwner | QFile::ExeUser;
        QVERIFY(QFile::setPermissions(path("old.sh"), mode));
        QVERIFY(writeTestFile(path("a.txt"), "a\n"));
        const auto set = apply(QStringLiteral("*** Begin Patch\n*** Add File: new.txt\n+hello\n"
                                              "*** Delete File: old.sh\n"
                                              "*** Update File: a.txt\n*** Move to: b/a.txt\n@@\n-a\n+A\n"
                                              "*** End Patch\n"));
        SC_VERIFY_OK(set);
        QCOMPARE(set->files.size(), 3);
        QVERIFY(!QFile::exists(path("old.sh")));
        const auto reverted = ChangeReverter::revert(m_dir->path(), *set);
        SC_VERIFY_OK(reverted);
        QVERIFY(reverted->ok());
        QVERIFY(!QFile::exists(path("new.txt")));
        QCOMPARE(readTestFile(path("old.sh")), gone);
        QCOMPARE(QFile::permissions(path("old.sh")), mode);
        QCOMPARE(readTestFile(path("a.txt")), QByteArray("a\n"));
        QVERIFY(!QFile::exists(path("b/a.txt")));
    }

    void revert_addedFileEdited_conflict()
    {
        const auto set = apply(QStringLiteral("*** Begin Patch\n*** Add File: new.txt\n+hello\n*** End Patch\n"));
        SC_VERIFY_OK(set);
        QVERIFY(writeTestFile(path("new.txt"), "hello, edited\n"));
        const auto reverted = ChangeReverter::revert(m_dir->path(), *set);
        SC_VERIFY_OK(reverted);
        QCOMPARE(reverted->conflicts.size(), 1);
        QCOMPARE(reverted->conflicts.first().reason, QStringLiteral("the file changed since it was added"));
        QCOMPARE(readTestFile(path("new.txt")), QByteArray("hello, edited\n"));
    }

    void revert_binary_wholeFileOnly()
    {
        const QByteArray before("\x89PNG\r\n\x1a\n\0\x01", 10);
        const QByteArray after("\x89PNG\r\n\x1a\n\0\x02", 10);
        QVERIFY(writeTestFile(path("i.png"), after));
        const ChangeSet set = ChangeSet::fromChanges(
            {FileChange{FileChange::Kind::Update, QStringLiteral("i.png"), {}, before, after}}, {FileOrigin{true, {}}});
        QVERIFY(set.files.first().isBinary());
        const auto hunk = ChangeReverter::revert(m_dir->path(), set, 0, 0);
        QVERIFY(!hunk);
        QCOMPARE(hunk.error().message, QStringLiteral("i.png is binary: only the whole file can be reverted"));
        const auto whole = ChangeReverter::revert(m_dir->path(), set, 0);
        SC_VERIFY_OK(whole);
        QVERIFY(whole->ok());
        QCOMPARE(readTestFile(path("i.png")), before);
    }

    void revertAll_twoSetsSameFile_newestFirst()
    {
        const QByteArray original = numbered(30, "\n");
        QVERIFY(writeTestFile(path("f.txt"), original));
        const auto first = apply(s_twoHunks);
        SC_VERIFY_OK(first);
        const auto second = apply(QStringLiteral("*** Begin Patch\n*** Update File: f.txt\n@@\n-FIVE\n+5\n"
                                                 "*** End Patch\n"));
        SC_VERIFY_OK(second);
        const auto reverted = ChangeReverter::revertAll(m_dir->path(), {*second, *first});
        SC_VERIFY_OK(reverted);
        QVERIFY(reverted->ok());
        QCOMPARE(readTestFile(path("f.txt")), original);
    }

    void journal_changeSet_roundTripsExactBytesAndDedupesBlobs()
    {
        QVERIFY(writeTestFile(path("f.txt"), numbered(30, "\r\n")));
        auto set = apply(s_twoHunks);
        SC_VERIFY_OK(set);
        set->runId = QStringLiteral("run_1");
        set->callId = QStringLiteral("call_1");
        set->turn = 2;
        RunJournal journal;
        SC_VERIFY_OK(journal.open(path("j.sqlite")));
        SC_VERIFY_OK(journal.recordChangeSet(*set));
        ChangeSet copy = *set;
        copy.id = QStringLiteral("second");
        SC_VERIFY_OK(journal.recordChangeSet(copy));
        const auto loaded = journal.changeSet(set->id.left(8));
        SC_VERIFY_OK(loaded);
        QCOMPARE(loaded->files.first().change, set->files.first().change);
        QCOMPARE(loaded->files.first().origin, set->files.first().origin);
        QCOMPARE(loaded->turn, 2);
        RunJournal reader; // the same file through a second connection
        SC_VERIFY_OK(reader.openExisting(path("j.sqlite")));
        const auto all = reader.changeSets(QStringLiteral("run_1"));
        SC_VERIFY_OK(all);
        QCOMPARE(all->size(), 2);
        SC_VERIFY_OK(journal.recordRevert(JournalRevert{{}, set->id, 0, 1, QStringLiteral("reverted"), {}, {}}));
        const auto reverts = journal.reverts(set->id);
        SC_VERIFY_OK(reverts);
        QCOMPARE(reverts->size(), 1);
        QCOMPARE(reverts->first().hunk, 1);
    }

    void journal_schemaVersion1_migratedToCurrent()
    {
        const QString file = path("v1.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO meta VALUES ('schema_version', '1'), ('application', "
                                          "'sandcastle')")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE runs(id TEXT PRIMARY KEY)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(file));
        const auto sets = journal.changeSets();
        SC_VERIFY_OK(sets);
        QVERIFY(sets->isEmpty());
        const auto events = journal.events(QStringLiteral("r")); // version 3's table
        SC_VERIFY_OK(events);
        journal.close();
        QString version;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")) && q.next());
            version = q.value(0).toString();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        QCOMPARE(version, QString::number(RunJournal::kSchemaVersion));
    }
};

QTEST_GUILESS_MAIN(TestChangeReverter)
#include "tst_changereverter.moc"
