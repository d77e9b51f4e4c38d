// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/patchreviewgate.h"

#include <QJsonArray>

#include <utility>

namespace Sandcastle::Core {

namespace {

struct Listed
{
    int file;
    int hunk;
    QString path;
    QString header;
    bool edited = false;
};

QString line(const Listed &l)
{
    QString text = l.hunk < 0 ? QStringLiteral("- %1 (whole file: %2)").arg(l.path, l.header)
                              : QStringLiteral("- %1 hunk %2 %3").arg(l.path).arg(l.hunk).arg(l.header);
    if (l.edited) {
        text += QStringLiteral(" (edited by the user: the file holds the user's text for this hunk, not yours)");
    }
    return text + QLatin1Char('\n');
}

QJsonArray toJson(const QList<Listed> &list)
{
    QJsonArray out;
    for (const Listed &l : list) {
        out.append(QJsonObject{{QStringLiteral("file"), l.file},
                               {QStringLiteral("hunk"), l.hunk},
                               {QStringLiteral("path"), l.path},
                               {QStringLiteral("header"), l.header},
                               {QStringLiteral("edited"), l.edited}});
    }
    return out;
}

QString wholeFileWhat(const ChangeSetFile &f)
{
    if (f.isBinary()) {
        return QStringLiteral("binary %1").arg(changeKindName(f.change.kind));
    }
    return changeKindName(f.change.kind);
}

} // namespace

QString patchReviewModeName(PatchReviewMode mode)
{
    return mode == PatchReviewMode::ReviewBeforeWrite ? QStringLiteral("review_before_write")
                                                      : QStringLiteral("write_then_review");
}

std::optional<PatchReviewMode> patchReviewModeFromName(const QString &name)
{
    if (name == QLatin1String("write_then_review")) {
        return PatchReviewMode::WriteThenReview;
    }
    if (name == QLatin1String("review_before_write")) {
        return PatchReviewMode::ReviewBeforeWrite;
    }
    return std::nullopt;
}

PatchReviewDecision PatchReviewDecision::acceptAll(const ChangeSet &set, const QString &comment)
{
    PatchReviewDecision d;
    d.comment = comment;
    for (const ChangeSetFile &f : set.files) {
        if (f.diff.hunks.isEmpty()) {
            d.hunks.append(HunkDecision{f.index, -1, true, {}});
        }
        for (const DiffHunk &h : f.diff.hunks) {
            d.hunks.append(HunkDecision{f.index, h.index, true, {}});
        }
    }
    return d;
}

PatchReviewDecision PatchReviewDecision::rejectAll(const QString &comment)
{
    PatchReviewDecision d;
    d.comment = comment;
    return d;
}

PatchReviewGate::PatchReviewGate(PatchReviewMode mode, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
{}

PatchReviewGate::~PatchReviewGate()
{
    rejectAllPending(QStringLiteral("the run ended before the review"));
}

void PatchReviewGate::setRunContext(const QString &runId, std::function<int()> turn)
{
    m_runId = runId;
    m_turn = std::move(turn);
}

ChangeSet PatchReviewGate::makeSet(const ToolCall &call, const PatchResult &result, ChangeSetStatus status) const
{
    ChangeSet set = ChangeSet::fromChanges(result.changes, result.origins);
    set.runId = m_runId;
    set.callId = call.callId;
    set.turn = m_turn ? m_turn() : 0;
    set.source = QStringLiteral("apply_patch");
    set.status = status;
    return set;
}

ChangeSet PatchReviewGate::recordApplied(const ToolCall &call, const PatchResult &result)
{
    const ChangeSet set = makeSet(call, result, ChangeSetStatus::Applied);
    Q_EMIT changeSetRecorded(set);
    return set;
}

QFuture<PatchReviewDecision> PatchReviewGate::requestReview(const ToolCall &call, const PatchResult &plan,
                                                            ChangeSet *set)
{
    Pending p{makeSet(call, plan, ChangeSetStatus::Pending), std::make_shared<QPromise<PatchReviewDecision>>()};
    p.promise->start();
    QFuture<PatchReviewDecision> future = p.promise->future();
    if (set) {
        *set = p.set;
    }
    m_pending.append(p);
    Q_EMIT changeSetRecorded(p.set);
    Q_EMIT reviewRequested(p.set);
    return future;
}

bool PatchReviewGate::decide(const QString &callId, const PatchReviewDecision &decision)
{
    for (qsizetype k = 0; k < m_pending.size(); ++k) {
        if (m_pending.at(k).set.callId == callId) {
            const Pending p = m_pending.takeAt(k);
            p.promise->addResult(decision);
            p.promise->finish();
            return true;
        }
    }
    return false;
}

void PatchReviewGate::rejectAllPending(const QString &comment)
{
    const QList<Pending> pending = std::exchange(m_pending, {});
    for (const Pending &p : pending) {
        p.promise->addResult(PatchReviewDecision::rejectAll(comment));
        p.promise->finish();
    }
}

QList<ChangeSet> PatchReviewGate::pending() const
{
    QList<ChangeSet> out;
    for (const Pending &p : m_pending) {
        out.append(p.set);
    }
    return out;
}

void PatchReviewGate::reportDecided(const PatchReviewResult &result)
{
    Q_EMIT changeSetDecided(result);
}

PatchReviewResult PatchReviewGate::applyDecision(const QString &root, ChangeSet set,
                                                 const PatchReviewDecision &decision)
{
    QHash<QPair<int, int>, HunkDecision> chosen;
    for (const HunkDecision &d : decision.hunks) {
        if (d.accepted) {
            chosen.insert({d.file, d.hunk}, d);
        }
    }
    PatchReviewResult result;
    QList<Listed> applied;
    QList<Listed> rejected;
    QList<PatchApplier::FileWrite> writes;
    QStringList summary;
    for (ChangeSetFile &f : set.files) {
        const FileChange &c = f.change;
        bool any = false;
        bool all = true;
        bool edited = false;
        QByteArray content = c.after;
        if (f.diff.hunks.isEmpty()) {
            const bool accepted = chosen.contains({f.index, -1});
            result.decisions.append(HunkDecision{f.index, -1, accepted, {}});
            (accepted ? applied : rejected).append(Listed{f.index, -1, c.path, wholeFileWhat(f)});
            any = all = accepted;
        } else {
            QList<HunkChoice> choices;
            for (const DiffHunk &h : f.diff.hunks) {
                const auto it = chosen.constFind({f.index, h.index});
                const bool accepted = it != chosen.cend();
                const std::optional<QByteArray> replacement = accepted ? it->replacement : std::nullopt;
                choices.append(HunkChoice{accepted, replacement});
                result.decisions.append(HunkDecision{f.index, h.index, accepted, replacement});
                (accepted ? applied : rejected)
                    .append(Listed{f.index, h.index, c.path, h.header(), replacement.has_value()});
                any = any || accepted;
                all = all && accepted;
                edited = edited || replacement.has_value();
            }
            if (any && (!all || edited)) {
                const auto merged = TextDiffer::merge(c.before, f.diff, choices);
                if (!merged) {
                    result.set = set;
                    result.set.status = ChangeSetStatus::Rejected;
                    result.text = QStringLiteral("The reviewed patch could not be applied: %1\nNo files were changed.")
                                      .arg(merged.error().toString());
                    result.failed = true;
                    return result;
                }
                content = *merged;
                f.written = content;
            }
        }
        if (!any) {
            f.writtenNothing = true;
            continue;
        }
        const QFile::Permissions mode = f.origin.existed ? f.origin.permissions : QFile::Permissions();
        switch (c.kind) {
        case FileChange::Kind::Add:
            writes.append(
                {c.path, content, mode, f.origin.existed ? std::optional(c.before) : std::nullopt, !f.origin.existed});
            summary.append(QStringLiteral("A ") + c.path);
            break;
        case FileChange::Kind::Update:
            writes.append({c.path, content, mode, c.before, false});
            summary.append(QStringLiteral("M ") + c.path);
            break;
        case FileChange::Kind::Delete:
            writes.append({c.path, std::nullopt, {}, c.before, false});
            summary.append(QStringLiteral("D ") + c.path);
            break;
        case FileChange::Kind::Move:
            writes.append({c.sourcePath, std::nullopt, {}, c.before, false});
            writes.append({c.path, content, mode, std::nullopt, false});
            summary.append(QStringLiteral("M ") + c.path);
            break;
        }
    }

    QString reviewText;
    if (!applied.isEmpty()) {
        reviewText += QStringLiteral("Applied:\n");
        for (const Listed &l : std::as_const(applied)) {
            reviewText += line(l);
        }
    }
    if (!rejected.isEmpty()) {
        reviewText += QStringLiteral("Rejected by the user (not written):\n");
        for (const Listed &l : std::as_const(rejected)) {
            reviewText += line(l);
        }
    }
    if (!decision.comment.isEmpty()) {
        reviewText += QStringLiteral("User comment: ") + decision.comment + QLatin1Char('\n');
    }
    set.comment = decision.comment;
    const int total = int(applied.size() + rejected.size());

    if (writes.isEmpty()) {
        set.status = ChangeSetStatus::Rejected;
        result.failed = true;
        result.text = QStringLiteral("The user rejected this patch; no files were changed.\n") + reviewText;
    } else if (const Result<void> written = PatchApplier::writeFiles(root, writes); !written) {
        const bool conflict = written.error().detail == QLatin1String("conflict");
        set.status = conflict ? ChangeSetStatus::Conflict : ChangeSetStatus::Rejected;
        for (ChangeSetFile &f : set.files) {
            f.written.reset();
            f.writtenNothing = true;
        }
        result.failed = true;
        result.text = QStringLiteral("The reviewed patch was not applied: %1. No files were changed; read the "
                                     "files again and send a new patch.\n")
                          .arg(written.error().message);
        if (!decision.comment.isEmpty()) {
            result.text += QStringLiteral("User comment: ") + decision.comment + QLatin1Char('\n');
        }
    } else {
        set.status = ChangeSetStatus::Reviewed;
        result.text = QStringLiteral("Success. Updated the following files:\n") + summary.join(QLatin1Char('\n')) +
                      QStringLiteral("\nThe user reviewed this patch: applied %1 of %2 hunks, rejected %3.\n")
                          .arg(applied.size())
                          .arg(total)
                          .arg(rejected.size()) +
                      reviewText;
    }
    result.eventData = QJsonObject{
        {QStringLiteral("change_set_id"), set.id},
        {QStringLiteral("call_id"), set.callId},
        {QStringLiteral("status"), changeSetStatusName(set.status)},
        {QStringLiteral("applied"), set.status == ChangeSetStatus::Reviewed ? toJson(applied) : QJsonArray()},
        {QStringLiteral("rejected"),
         set.status == ChangeSetStatus::Reviewed ? toJson(rejected) : toJson(applied + rejected)},
        {QStringLiteral("comment"), decision.comment}};
    result.set = std::move(set);
    return result;
}

} // namespace Sandcastle::Core
