// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Review dock under load (issue 8), on screen (Xvfb, or the offscreen platform when there is no
// display): a change set of 50 C++ files whose diff has 10 000 lines. Prints the time from
// showChangeSet() to the first painted frame, the frame times while scrolling through all of it
// (wheel steps and pages; every paint counted, also the ones that finish highlighting), and what
// syntax highlighting costs per line. Targets: first paint < 300 ms, frames < 16 ms. The three
// slowest paints (thread CPU time) per mode come with what they did (lines highlighted, row sides
// laid out, rows left plain), to tell the view's own work from preemption.
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTextStream>

#include <algorithm>

#include <time.h>

using namespace Sandcastle;

namespace {

constexpr int kFiles = 50;
constexpr int kLinesPerFile = 400;

// A C++ file; `variant` 1 changes every 16th line: 25 hunks of 8 lines (3 context, -1, +1, 3 context).
QByteArray cppFile(int file, int variant)
{
    QByteArray out = "// file " + QByteArray::number(file) + "\n#include <vector>\n";
    for (int k = 0; k < kLinesPerFile; ++k) {
        if (variant == 1 && k % 16 == 3) {
            out += "    int changed_" + QByteArray::number(k) + " = compute(\"value\", " + QByteArray::number(k * 7) +
                   "); // edited by the agent\n";
        } else {
            out += "    int value_" + QByteArray::number(k) + " = compute(\"value\", " + QByteArray::number(k) +
                   "); // original\n";
        }
    }
    return out;
}

class TimedDiffView : public Ui::DiffView
{
public:
    using DiffView::DiffView;
    QList<double> frames;    ///< wall-clock milliseconds per paint
    QList<double> cpuFrames; ///< milliseconds of this thread's CPU time per paint (without preemption)
    /// The slowest paints (CPU time): what they painted, to explain outliers.
    struct Slow
    {
        double cpuMs = 0;
        double wallMs = 0;
        int firstRow = 0;
        qint64 highlighted = 0; ///< lines highlighted during this paint
        qint64 laidOut = 0;     ///< row sides laid out during this paint
        int plainRows = 0;      ///< rows painted without highlighting (a continuation paint follows)
    };
    QList<Slow> slowest;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QElapsedTimer t;
        const double cpu0 = threadCpuMs();
        const qint64 lines0 = highlighter().highlightedLines();
        const qint64 layouts0 = layoutsBuilt();
        t.start();
        DiffView::paintEvent(event);
        frames.append(double(t.nsecsElapsed()) / 1e6);
        cpuFrames.append(threadCpuMs() - cpu0);
        const Slow slow{cpuFrames.last(),
                        frames.last(),
                        verticalScrollBar()->value(),
                        highlighter().highlightedLines() - lines0,
                        layoutsBuilt() - layouts0,
                        unhighlightedRows()};
        slowest.append(slow);
        std::sort(slowest.begin(), slowest.end(), [](const Slow &a, const Slow &b) { return a.cpuMs > b.cpuMs; });
        if (slowest.size() > 3) {
            slowest.removeLast();
        }
    }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
};

struct Stats
{
    double median = 0;
    double p99 = 0;
    double max = 0;
    qsizetype count = 0;
    qsizetype over16 = 0;
};

Stats stats(QList<double> values)
{
    Stats s;
    if (values.isEmpty()) {
        return s;
    }
    std::sort(values.begin(), values.end());
    s.count = values.size();
    s.median = values.at(values.size() / 2);
    s.p99 = values.at(std::min(values.size() - 1, values.size() * 99 / 100));
    s.max = values.last();
    s.over16 = std::count_if(values.cbegin(), values.cend(), [](double v) { return v >= 16.0; });
    return s;
}

// Scrolls through the whole document by `step` rows per frame; paints synchronously, then lets
// the event loop run the continuation paints of the highlighter.
std::pair<QList<double>, QList<double>> scrollThrough(TimedDiffView &view, int step)
{
    view.verticalScrollBar()->setValue(0);
    QApplication::processEvents();
    view.frames.clear();
    view.cpuFrames.clear();
    for (int v = 0; v <= view.verticalScrollBar()->maximum(); v += step) {
        view.verticalScrollBar()->setValue(v);
        view.viewport()->repaint();
        QApplication::processEvents();
    }
    return {view.frames, view.cpuFrames};
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QElapsedTimer timer;

    QList<Core::FileChange> changes;
    QList<Core::FileOrigin> origins;
    for (int f = 0; f < kFiles; ++f) {
        changes.append(Core::FileChange{Core::FileChange::Kind::Update,
                                        QStringLiteral("src/module%1.cpp").arg(f),
                                        {},
                                        cppFile(f, 0),
                                        cppFile(f, 1)});
        origins.append(Core::FileOrigin{true, QFile::ReadOwner | QFile::WriteOwner});
    }
    timer.start();
    Core::ChangeSet set = Core::ChangeSet::fromChanges(changes, origins);
    const double diffMs = double(timer.nsecsElapsed()) / 1e6;
    set.status = Core::ChangeSetStatus::Pending;
    qsizetype diffLines = 0;
    qsizetype hunks = 0;
    for (const Core::ChangeSetFile &file : set.files) {
        hunks += file.diff.hunks.size();
        for (const Core::DiffHunk &h : file.diff.hunks) {
            diffLines += h.lines.size();
        }
    }
    out << "change set: " << kFiles << " files, " << hunks << " hunks, " << diffLines << " diff lines (+" << set.added()
        << " -" << set.removed() << "), diffed in " << diffMs << " ms\n";

    // 1. The Review dock: construction (loads the KSyntaxHighlighting repository), then open.
    timer.restart();
    Ui::ReviewView review(nullptr);
    const double constructMs = double(timer.nsecsElapsed()) / 1e6;
    review.resize(1400, 900);
    review.show();
    while (!review.isVisible()) {
        QApplication::processEvents();
    }
    QApplication::processEvents();
    timer.restart();
    review.showChangeSet(set);
    review.diffView()->viewport()->repaint();
    const double firstPaintMs = double(timer.nsecsElapsed()) / 1e6;
    const int plainRows = review.diffView()->unhighlightedRows();
    while (review.diffView()->unhighlightedRows() > 0) {
        QApplication::processEvents();
    }
    const double highlightedMs = double(timer.nsecsElapsed()) / 1e6;
    out << "review view: constructed in " << constructMs << " ms; showChangeSet to first paint " << firstPaintMs
        << " ms (" << review.document()->rowCount() << " rows; " << plainRows << " of "
        << review.diffView()->visibleRowCount() << " visible rows painted plain, all highlighted after "
        << highlightedMs << " ms)\n";

    // 2. Scrolling, unified and side by side, with a fresh view each (cold highlighting cache).
    for (const auto layout : {Ui::DiffDocument::Layout::Unified, Ui::DiffDocument::Layout::SideBySide}) {
        Ui::DiffDocument document(set);
        document.setLayout(layout);
        Ui::ReviewState state;
        TimedDiffView view;
        view.resize(1400, 900);
        view.show();
        QApplication::processEvents();
        timer.restart();
        view.setDocument(&document, &state, true);
        view.viewport()->repaint();
        const double openMs = double(timer.nsecsElapsed()) / 1e6;
        view.slowest.clear();
        const QString name =
            layout == Ui::DiffDocument::Layout::Unified ? QStringLiteral("unified") : QStringLiteral("side by side");
        const auto [wheelWall, wheelCpu] = scrollThrough(view, 3);
        const auto [pageWall, pageCpu] = scrollThrough(view, view.visibleRowCount());
        const Stats wheel = stats(wheelWall);
        const Stats page = stats(pageWall);
        const Stats wheelC = stats(wheelCpu);
        const Stats pageC = stats(pageCpu);
        out << name << ": " << document.rowCount() << " rows, document + first paint " << openMs << " ms\n";
        out << "  wheel (3 rows/frame): " << wheel.count << " paints, median " << wheel.median << " ms, p99 "
            << wheel.p99 << " ms, max " << wheel.max << " ms, " << wheel.over16 << " >= 16 ms\n";
        out << "  page (" << view.visibleRowCount() << " rows/frame): " << page.count << " paints, median "
            << page.median << " ms, p99 " << page.p99 << " ms, max " << page.max << " ms, " << page.over16
            << " >= 16 ms\n";
        out << "  CPU time per paint: wheel median " << wheelC.median << " ms, p99 " << wheelC.p99 << " ms, max "
            << wheelC.max << " ms, " << wheelC.over16 << " >= 16 ms; page median " << pageC.median << " ms, p99 "
            << pageC.p99 << " ms, max " << pageC.max << " ms, " << pageC.over16 << " >= 16 ms\n";
        out << "  lines highlighted: " << view.highlighter().highlightedLines() << "\n";
        for (const TimedDiffView::Slow &slow : std::as_const(view.slowest)) {
            out << "  a slowest paint while scrolling: " << slow.cpuMs << " ms CPU (" << slow.wallMs
                << " ms wall) at row " << slow.firstRow << ", " << slow.highlighted << " lines highlighted, "
                << slow.laidOut << " row sides laid out, " << slow.plainRows << " rows plain\n";
        }
    }

    // 3. Highlighting cost alone: every line of the unified document, no deadline.
    {
        Ui::DiffDocument document(set);
        Ui::DiffView view;
        view.setDocument(&document, nullptr, true);
        timer.restart();
        for (const Ui::DiffRow &row : document.rows()) {
            if (row.kind == Ui::DiffRow::Kind::Line) {
                (void)view.highlighter().spans(row, 0, QDeadlineTimer(QDeadlineTimer::Forever));
            }
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const qint64 lines = view.highlighter().highlightedLines();
        out << "highlighting: " << lines << " lines in " << ms << " ms (" << (lines ? ms * 1000 / double(lines) : 0)
            << " us/line); per frame at most " << Ui::DiffView::kHighlightBudgetMs << " ms\n";
    }
    out.flush();
    return 0;
}
