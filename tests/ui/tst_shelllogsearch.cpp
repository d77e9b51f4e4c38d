// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ShellLogSearch: matches in commands and in outputs as shown (escape sequences removed), counted
// on a worker, moved through with next()/previous(), rescanned when the log grows.
#include "sandcastle/ui/shelllogmodel.h"
#include "sandcastle/ui/shelllogsearch.h"

#include <QSignalSpy>
#include <QTest>

using Sandcastle::Core::CommandRecord;
using Sandcastle::Ui::ShellLogModel;
using Sandcastle::Ui::ShellLogSearch;

namespace {

void addFinished(ShellLogModel &model, quint64 id, const QString &cmd, const QByteArray &output)
{
    CommandRecord r;
    r.id = id;
    r.argv = {QStringLiteral("sh"), QStringLiteral("-c"), cmd};
    r.workdir = QStringLiteral("/workspace");
    r.exitCode = 0;
    r.output = output;
    model.recordFinished(r);
}

/// "row:c|o@position" per match.
QString describe(const QList<ShellLogSearch::Match> &matches)
{
    QStringList out;
    for (const ShellLogSearch::Match &m : matches) {
        out.append(QStringLiteral("%1:%2@%3")
                       .arg(m.row)
                       .arg(m.field == ShellLogSearch::Field::Command ? QLatin1Char('c') : QLatin1Char('o'))
                       .arg(m.position));
    }
    return out.join(QLatin1Char(' '));
}

} // namespace

class tst_ShellLogSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findMatches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<QString>("expected");
        QTest::newRow("command and output") << "grep" << false << "0:c@0 1:o@4";
        QTest::newRow("across an escape sequence") << "needle" << false << "1:o@17 2:o@0 2:o@7";
        QTest::newRow("case insensitive") << "NEEDLE" << false << "1:o@17 2:o@0 2:o@7";
        QTest::newRow("case sensitive") << "NEEDLE" << true << "";
        QTest::newRow("escape text not searchable") << "31m" << false << "";
        QTest::newRow("empty query") << "" << false << "";
    }
    void findMatches()
    {
        QFETCH(QString, query);
        QFETCH(bool, caseSensitive);
        QFETCH(QString, expected);
        const QList<ShellLogSearch::Entry> entries = {
            {QStringLiteral("grep -r x ."), QByteArray("nothing")},
            {QStringLiteral("ls"), QByteArray("see grep output: \x1b[31mnee\x1b[1mdle\x1b[0m")},
            {QStringLiteral("cat"), QByteArray("needle\r\nneedle")},
        };
        const QList<ShellLogSearch::Match> matches = ShellLogSearch::findMatches(
            entries, query, caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive, ShellLogSearch::kMaxMatches);
        QCOMPARE(describe(matches), expected);
    }

    void findMatches_limit_capped()
    {
        const QList<ShellLogSearch::Entry> entries = {{QStringLiteral("x"), QByteArray(50, 'a')}};
        bool capped = false;
        const auto matches = ShellLogSearch::findMatches(entries, QStringLiteral("a"), Qt::CaseSensitive, 10, &capped);
        QCOMPARE(matches.size(), 10);
        QVERIFY(capped);
        QCOMPARE(ShellLogSearch::findMatches(entries, QStringLiteral("a"), Qt::CaseSensitive, 50, &capped).size(), 50);
        QVERIFY(!capped);
    }

    void setQuery_overModel_countsAndMovesThroughMatches()
    {
        ShellLogModel model;
        addFinished(model, 1, QStringLiteral("echo needle"), "\x1b[32mneedle\x1b[0m\n");
        addFinished(model, 2, QStringLiteral("true"), "");
        addFinished(model, 3, QStringLiteral("cat log"), "a needle, another NEEDLE\n");
        model.flush();

        ShellLogSearch search(&model);
        QSignalSpy results(&search, &ShellLogSearch::resultsChanged);
        QSignalSpy current(&search, &ShellLogSearch::currentChanged);
        search.setQuery(QStringLiteral("needle"));
        QVERIFY(search.isBusy());
        QVERIFY(results.wait());
        QVERIFY(!search.isBusy());
        QCOMPARE(search.count(), 4);
        QCOMPARE(describe(search.matches()), QStringLiteral("0:c@11 0:o@0 2:o@2 2:o@18"));
        QCOMPARE(search.currentIndex(), 0);
        QCOMPARE(current.size(), 1);

        search.next();
        QCOMPARE(search.current().row, 0);
        QCOMPARE(search.current().field, ShellLogSearch::Field::Output);
        search.next();
        search.next();
        QCOMPARE(search.currentIndex(), 3);
        search.next();
        QCOMPARE(search.currentIndex(), 0); // wraps around
        search.previous();
        QCOMPARE(search.currentIndex(), 3);
        QCOMPARE(search.current().row, 2);
        QCOMPARE(search.current().position, 18);

        // The log grows: the matches are counted again, the current one stays.
        addFinished(model, 4, QStringLiteral("grep needle"), "needle");
        model.flush();
        QVERIFY(results.wait());
        QCOMPARE(search.count(), 6);
        QCOMPARE(search.currentIndex(), 3);

        search.setQuery(QStringLiteral("NEEDLE"), Qt::CaseSensitive);
        QVERIFY(results.wait());
        QCOMPARE(search.count(), 1);
        QCOMPARE(search.current().row, 2);

        search.setQuery({});
        QCOMPARE(search.count(), 0);
        QCOMPARE(search.currentIndex(), -1);
    }

    void setQuery_typing_onlyLastQueryCounts()
    {
        ShellLogModel model;
        addFinished(model, 1, QStringLiteral("a"), "abc abd abe");
        model.flush();
        ShellLogSearch search(&model);
        QSignalSpy results(&search, &ShellLogSearch::resultsChanged);
        search.setQuery(QStringLiteral("a"));
        search.setQuery(QStringLiteral("ab"));
        search.setQuery(QStringLiteral("abd"));
        QVERIFY(results.wait());
        QCOMPARE(search.query(), QStringLiteral("abd"));
        QCOMPARE(search.count(), 1);
        QTest::qWait(ShellLogSearch::kDebounceMs * 2);
        QCOMPARE(results.size(), 1); // the superseded texts were never scanned or reported
    }
};

QTEST_MAIN(tst_ShellLogSearch)
#include "tst_shelllogsearch.moc"
