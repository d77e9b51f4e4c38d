// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ReviewView's operations that reach beyond the view: the run's events, deciding a pending change
// set, reverting, reading change sets from the journal, editing a hunk (git: reviewgit.cpp).
#include "backgroundtask.h"
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/hunkeditdialog.h"
#include "review/reviewview.h"
#include "runcontroller.h"
#include "sandcastle/core/journal/runjournal.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QUrl>

Q_LOGGING_CATEGORY(lcReview, "sandcastle.ui.review")

namespace Sandcastle::Ui {

using Core::ChangeSet;
using Core::Result;
using Core::RevertOutcome;
using Internal::runInBackground;

namespace {

struct LoadedSet
{
    ChangeSet set;
    QList<Core::JournalRevert> reverts;
    QList<Core::HunkDecision> decisions;
};

// Opens the journal on the calling (worker) thread and finds a change set: by id, or the newest
// one of `callId`, or (empty callId) the newest one that touched `path`.
Result<LoadedSet> loadSet(const QString &journalPath, const QString &id, const QString &callId, const QString &path)
{
    Core::RunJournal journal;
    if (Result<void> opened = journal.openExisting(journalPath); !opened) {
        return std::unexpected(opened.error());
    }
    LoadedSet loaded;
    if (!id.isEmpty()) {
        Result<ChangeSet> set = journal.changeSet(id);
        if (!set) {
            return std::unexpected(set.error());
        }
        loaded.set = std::move(*set);
    } else {
        Result<QList<ChangeSet>> sets = journal.changeSets();
        if (!sets) {
            return std::unexpected(sets.error());
        }
        const auto touches = [&path](const ChangeSet &s) {
            return std::any_of(s.files.cbegin(), s.files.cend(), [&path](const Core::ChangeSetFile &f) {
                return f.change.path == path || f.change.sourcePath == path;
            });
        };
        auto match = std::find_if(sets->crbegin(), sets->crend(), [&](const ChangeSet &s) {
            return callId.isEmpty() ? touches(s) : s.callId == callId;
        });
        if (match == sets->crend() && !callId.isEmpty() && !path.isEmpty()) {
            // A shell command's change is in the turn's shell change set, which names no call.
            match = std::find_if(sets->crbegin(), sets->crend(),
                                 [&](const ChangeSet &s) { return s.source == QLatin1String("shell") && touches(s); });
        }
        if (match == sets->crend()) {
            return Core::fail(Core::ErrorCode::NotFound,
                              callId.isEmpty() ? QStringLiteral("no recorded change set touched %1").arg(path)
                                               : QStringLiteral("tool call %1 recorded no change set").arg(callId));
        }
        loaded.set = *match;
    }
    Result<QList<Core::JournalRevert>> reverts = journal.reverts(loaded.set.id);
    if (reverts) {
        loaded.reverts = std::move(*reverts);
    }
    if (Result<QList<Core::HunkDecision>> decisions = journal.hunkDecisions(loaded.set.id); decisions) {
        loaded.decisions = std::move(*decisions);
    }
    return loaded;
}

// Without a loaded run: the revert ChangeReverter does, recorded in the journal like AgentRun does.
Result<RevertOutcome> revertFromJournal(const QString &journalPath, const QString &root, const QString &id, int file,
                                        int hunk)
{
    Core::RunJournal journal;
    if (Result<void> opened = journal.openExisting(journalPath); !opened) {
        return std::unexpected(opened.error());
    }
    Result<ChangeSet> set = journal.changeSet(id);
    if (!set) {
        return std::unexpected(set.error());
    }
    Result<RevertOutcome> outcome = Core::ChangeReverter::revert(root, *set, file, hunk);
    if (!outcome) {
        return outcome;
    }
    QString detail;
    for (const Core::RevertConflict &c : outcome->conflicts) {
        detail += QStringLiteral("%1 hunk %2 %3: %4\n").arg(c.path).arg(c.hunk).arg(c.header, c.reason);
    }
    const Core::JournalRevert revert{
        {}, set->id, file, hunk, outcome->ok() ? QStringLiteral("reverted") : QStringLiteral("conflict"), detail, {}};
    if (Result<void> recorded = journal.recordRevert(revert); !recorded) {
        return std::unexpected(recorded.error());
    }
    return outcome;
}

} // namespace

QString ReviewView::journalPath() const
{
    if (m_controller && m_controller->run() && !m_controller->run()->options().journalPath.isEmpty()) {
        return m_controller->run()->options().journalPath;
    }
    return m_workspace.isEmpty() ? QString() : Core::RunJournal::defaultPathFor(m_workspace);
}

QString ReviewView::workspaceDir() const
{
    if (m_controller && m_controller->run()) {
        return m_controller->run()->options().workspaceDir;
    }
    return m_workspace;
}

QString ReviewView::runIdOfRun() const
{
    return m_controller && m_controller->run() && m_controller->run()->runner() ? m_controller->run()->runner()->runId()
                                                                                : QString();
}

void ReviewView::onEvent(const Core::RunEvent &event)
{
    using Kind = Core::RunEvent::Kind;
    const QString id = event.data.value(QStringLiteral("change_set_id")).toString();
    const bool shown = m_document && m_document->changeSet().id == id;
    switch (event.kind) {
    case Kind::PatchReviewRequested:
        if (Core::AgentRun *run = m_controller ? m_controller->run() : nullptr; run && run->reviewGate()) {
            for (const ChangeSet &set : run->reviewGate()->pending()) {
                if (set.id == id) {
                    // No focus change: keys typed elsewhere must not become accept/reject.
                    showChangeSet(set);
                    Q_EMIT reviewRequested();
                    return;
                }
            }
        }
        qCWarning(lcReview) << "review requested for change set" << id << "but the run holds no such pending set";
        return;
    case Kind::ChangeSetRecorded:
        refreshGitStatus();
        if (m_recent->findData(id) < 0 &&
            event.data.value(QStringLiteral("status")).toString() != QLatin1String("pending")) {
            const QJsonArray files = event.data.value(QStringLiteral("files")).toArray();
            m_recent->addItem(tr("Turn %1 \u00b7 %2 \u00b7 %3")
                                  .arg(event.data.value(QStringLiteral("turn")).toInt())
                                  .arg(event.data.value(QStringLiteral("source")).toString(),
                                       files.first().toObject().value(QStringLiteral("path")).toString()),
                              id);
        }
        return;
    case Kind::PatchReviewDecided:
        refreshGitStatus();
        if (shown) {
            showChangeSetById(id);
        }
        return;
    case Kind::ChangeReverted:
        refreshGitStatus();
        if (shown && event.data.value(QStringLiteral("status")).toString() == QLatin1String("reverted")) {
            m_state.markReverted(event.data.value(QStringLiteral("file")).toInt(),
                                 event.data.value(QStringLiteral("hunk")).toInt());
            refresh();
        }
        return;
    default:
        return;
    }
}

void ReviewView::showChangeSetById(const QString &id, const QString &path)
{
    const QString journal = journalPath();
    if (journal.isEmpty()) {
        showMessage(tr("No workspace is open, so there is no run journal to read."), true);
        return;
    }
    m_pendingPath = path;
    runInBackground([journal, id] {
        return loadSet(journal, id, {}, {});
    }).then(this, [this](const Result<LoadedSet> &loaded) {
        if (!loaded) {
            showMessage(tr("Cannot read the change set: %1").arg(loaded.error().toString()), true);
            return;
        }
        showChangeSet(loaded->set, loaded->decisions);
        for (const Core::JournalRevert &r : loaded->reverts) {
            if (r.status == QLatin1String("reverted")) {
                m_state.markReverted(r.file, r.hunk);
            }
        }
        refresh();
    });
}

void ReviewView::showChangeFor(const QString &callId, const QString &path)
{
    // A pending change set is not on disk yet: show it from the run.
    if (Core::AgentRun *run = m_controller ? m_controller->run() : nullptr; run && run->reviewGate()) {
        for (const ChangeSet &set : run->reviewGate()->pending()) {
            if (!callId.isEmpty() && set.callId == callId) {
                m_pendingPath = path;
                showChangeSet(set);
                return;
            }
        }
    }
    const QString journal = journalPath();
    if (journal.isEmpty()) {
        showMessage(tr("No workspace is open, so there is no run journal to read."), true);
        return;
    }
    runInBackground([journal, callId, path] {
        return loadSet(journal, {}, callId, path);
    }).then(this, [this, path](const Result<LoadedSet> &loaded) {
        if (!loaded) {
            showMessage(tr("No recorded change for %1: %2").arg(path, loaded.error().toString()), true);
            return;
        }
        m_pendingPath = path;
        showChangeSet(loaded->set, loaded->decisions);
        for (const Core::JournalRevert &r : loaded->reverts) {
            if (r.status == QLatin1String("reverted")) {
                m_state.markReverted(r.file, r.hunk);
            }
        }
        refresh();
    });
}

bool ReviewView::applyDecision()
{
    if (!isPending()) {
        return false;
    }
    const ChangeSet &set = m_document->changeSet();
    Core::AgentRun *run = m_controller ? m_controller->run() : nullptr;
    const Core::PatchReviewDecision decision = m_state.toDecision(m_document->reviewUnits(), m_comment->text());
    if (!run || !run->decidePatchReview(set.callId, decision)) {
        showMessage(tr("This change set no longer waits for a decision (its run has stopped); nothing was written."),
                    true);
        return false;
    }
    showMessage(tr("Decision sent: %n hunk(s) accepted.", nullptr, int(decision.hunks.size())));
    m_pendingBar->setEnabled(false);
    return true;
}

void ReviewView::revert(RevertScope scope)
{
    if (!m_document || isPending()) {
        return;
    }
    const ChangeSet &set = m_document->changeSet();
    auto [file, hunk] = m_diff->currentHunk();
    if (scope == RevertScope::ChangeSet || scope == RevertScope::Turn) {
        file = -1;
        hunk = -1;
    } else if (scope == RevertScope::File) {
        hunk = -1;
    }
    QFuture<Result<RevertOutcome>> future;
    Core::AgentRun *run = m_controller ? m_controller->run() : nullptr;
    if (run && scope == RevertScope::Turn && runIdOfRun() == set.runId) {
        future = run->revertTurn(set.turn);
    } else if (run && scope != RevertScope::Turn) {
        future = run->revertChanges(set.id, file, hunk);
    } else if (scope == RevertScope::Turn) {
        showMessage(tr("Reverting a turn needs its run: continue or resume the run first."), true);
        return;
    } else {
        const QString journal = journalPath();
        const QString root = workspaceDir();
        const QString id = set.id;
        future = runInBackground(
            [journal, root, id, file, hunk] { return revertFromJournal(journal, root, id, file, hunk); });
        // Without a run nobody reports ChangeReverted: mark it when it comes back.
    }
    const bool direct = !run;
    future.then(this, [this, direct, file, hunk, id = set.id](const Result<RevertOutcome> &outcome) {
        if (!outcome) {
            showMessage(tr("Revert failed: %1").arg(outcome.error().toString()), true);
            return;
        }
        if (!outcome->ok()) {
            showConflicts(*outcome);
            return;
        }
        m_conflicts->hide();
        if (direct) {
            refreshGitStatus(); // with a run, its ChangeReverted event does
        }
        if (direct && m_document && m_document->changeSet().id == id) {
            m_state.markReverted(file, hunk);
            refresh();
        }
        showMessage(tr("Reverted: %1").arg(outcome->written.join(QStringLiteral(", "))));
    });
}

void ReviewView::showConflicts(const RevertOutcome &outcome)
{
    QString text = tr("Nothing was reverted: these places changed since the edit.") + QLatin1Char('\n');
    for (const Core::RevertConflict &c : outcome.conflicts) {
        text += QLatin1Char('\n') +
                (c.hunk < 0 ? tr("%1 (whole file): %2").arg(c.path, c.reason)
                            : tr("%1 hunk %2 %3: %4").arg(c.path).arg(c.hunk).arg(c.header, c.reason)) +
                QLatin1Char('\n') + tr("Current lines:") + QLatin1Char('\n') + QString::fromUtf8(c.current);
    }
    m_conflicts->setPlainText(text);
    m_conflicts->show();
    showMessage(tr("Revert refused: %n conflict(s), nothing was overwritten.", nullptr, int(outcome.conflicts.size())),
                true);
}

void ReviewView::editCurrentHunk()
{
    const auto [file, hunk] = m_diff->currentHunk();
    if (!isPending() || file < 0 || hunk < 0) {
        return;
    }
    const Core::DiffHunk &h = m_document->changeSet().files.at(file).diff.hunks.at(hunk);
    auto *dialog = new HunkEditDialog(m_document->changeSet().files.at(file).change.path, h.header(),
                                      m_state.replacement(file, hunk).value_or(h.newText()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = m_document->changeSet().id;
    connect(dialog, &HunkEditDialog::edited, this, [this, file, hunk, id, h](const QByteArray &text) {
        if (m_document && m_document->changeSet().id == id) {
            m_state.setDecision(file, hunk, ReviewState::Decision::Accepted,
                                HunkEditDialog::matchTerminators(text, h.newText()));
            refresh();
        }
    });
    dialog->open();
}

void ReviewView::openCurrentFile()
{
    const int file = m_diff->currentHunk().first;
    if (!m_document || file < 0 || workspaceDir().isEmpty()) {
        return;
    }
    const QString path = QDir(workspaceDir()).filePath(m_document->changeSet().files.at(file).change.path);
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path))) {
        showMessage(tr("No application opens %1").arg(QDir::toNativeSeparators(path)), true);
    }
}

} // namespace Sandcastle::Ui
