// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"
#include "sandcastle/core/review/changeset.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPromise>

#include <functional>
#include <memory>
#include <optional>

namespace Sandcastle::Core {

/// How apply_patch edits reach the disk.
enum class PatchReviewMode {
    WriteThenReview,  ///< written at once; recorded as an applied change set, revertible later
    ReviewBeforeWrite ///< computed in memory, held as a pending change set until decided
};
[[nodiscard]] QString patchReviewModeName(PatchReviewMode mode); ///< write_then_review | review_before_write
[[nodiscard]] std::optional<PatchReviewMode> patchReviewModeFromName(const QString &name);

/// A reviewer's answer to a pending change set: the hunks (and hunk-less files) accepted, each
/// optionally with edited text; everything not listed as accepted is rejected.
struct PatchReviewDecision
{
    QList<HunkDecision> hunks;
    QString comment;

    /// Every hunk of every file accepted (hunk-less files as a whole).
    [[nodiscard]] static PatchReviewDecision acceptAll(const ChangeSet &set, const QString &comment = {});
    [[nodiscard]] static PatchReviewDecision rejectAll(const QString &comment = {});
};

/// What applying a decision did: the change set with its final status and per-file `written`,
/// the complete list of decisions (one per hunk, or per hunk-less file), and the tool output text
/// that tells the model which hunks were applied and which rejected.
struct PatchReviewResult
{
    ChangeSet set;
    QList<HunkDecision> decisions;
    QString text;
    bool failed = false;
    QJsonObject eventData; ///< the PatchReviewDecided event's data
};

/// The review side of apply_patch for one run. ApplyPatchTool reports every applied patch here
/// (recordApplied) or, in ReviewBeforeWrite mode, asks for a decision (requestReview), which the
/// app (AgentRun::decidePatchReview, the review view) gives with decide(). The composition
/// (AgentRun) connects the signals to the journal and the run's events.
///
/// Lives on the runner's thread; every call and signal is on that thread. Does not own the tools.
class PatchReviewGate : public QObject
{
    Q_OBJECT
public:
    explicit PatchReviewGate(PatchReviewMode mode, QObject *parent = nullptr);
    ~PatchReviewGate() override;

    [[nodiscard]] PatchReviewMode mode() const { return m_mode; }
    void setMode(PatchReviewMode mode) { m_mode = mode; }
    /// The run id and a function returning the current turn, stamped on every change set.
    void setRunContext(const QString &runId, std::function<int()> turn);

    /// A patch was written: builds its change set (status Applied), emits changeSetRecorded.
    ChangeSet recordApplied(const ToolCall &call, const PatchResult &result);
    /// A patch was computed but not written: builds a Pending change set, emits changeSetRecorded
    /// and reviewRequested, and returns the future decision (rejectAll when the gate is destroyed
    /// or rejectAllPending() is called).
    [[nodiscard]] QFuture<PatchReviewDecision> requestReview(const ToolCall &call, const PatchResult &plan,
                                                             ChangeSet *set);
    /// Decides the pending change set of `callId`. False when nothing is pending for it.
    bool decide(const QString &callId, const PatchReviewDecision &decision);
    /// Rejects everything pending (stop/cancel) with `comment`.
    void rejectAllPending(const QString &comment);
    [[nodiscard]] QList<ChangeSet> pending() const;
    /// Reports the outcome of a decision once the files are written: emits changeSetDecided.
    void reportDecided(const PatchReviewResult &result);

    /// Applies `decision` to the pending `set` in workspace `root`: merges each file's accepted
    /// hunks (TextDiffer::merge), checks every file still holds its `before` bytes (else status
    /// Conflict and nothing is written), then writes only the accepted result, atomically
    /// (PatchApplier::writeFiles). Blocks on file I/O: run it on a worker thread.
    [[nodiscard]] static PatchReviewResult applyDecision(const QString &root, ChangeSet set,
                                                         const PatchReviewDecision &decision);

Q_SIGNALS:
    void changeSetRecorded(const Sandcastle::Core::ChangeSet &set);
    void reviewRequested(const Sandcastle::Core::ChangeSet &set);
    void changeSetDecided(const Sandcastle::Core::PatchReviewResult &result);

private:
    struct Pending
    {
        ChangeSet set;
        std::shared_ptr<QPromise<PatchReviewDecision>> promise;
    };
    ChangeSet makeSet(const ToolCall &call, const PatchResult &result, ChangeSetStatus status) const;

    PatchReviewMode m_mode;
    QString m_runId;
    std::function<int()> m_turn;
    QList<Pending> m_pending;
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::ChangeSet)
Q_DECLARE_METATYPE(Sandcastle::Core::PatchReviewResult)
