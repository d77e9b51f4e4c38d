// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/review/patchreviewgate.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace Sandcastle::Ui {

/// The reviewer's per-hunk state for the change set the review view shows: accept/reject/edit
/// decisions of a pending set, and which hunks of an applied set were reverted since. Hunk -1
/// stands for a whole file without text hunks; (-1, -1) for the whole set. Plain data.
class ReviewState
{
public:
    enum class Decision { Undecided, Accepted, Rejected };
    using Unit = std::pair<int, int>;

    void clear();
    [[nodiscard]] Decision decision(int file, int hunk) const;
    /// The edited text of an accepted hunk, if the reviewer edited it.
    [[nodiscard]] std::optional<QByteArray> replacement(int file, int hunk) const;
    void setDecision(int file, int hunk, Decision decision, std::optional<QByteArray> replacement = std::nullopt);
    void setAll(const QList<Unit> &units, Decision decision);
    [[nodiscard]] int count(const QList<Unit> &units, Decision decision) const;

    /// The decision for AgentRun::decidePatchReview: the accepted units of `units` (with their edited
    /// text); undecided units are rejected like rejected ones.
    [[nodiscard]] Core::PatchReviewDecision toDecision(const QList<Unit> &units, const QString &comment) const;

    void markReverted(int file, int hunk);
    [[nodiscard]] bool isReverted(int file, int hunk) const;

private:
    struct Entry
    {
        Decision decision = Decision::Undecided;
        std::optional<QByteArray> replacement;
    };
    QHash<Unit, Entry> m_entries;
    QSet<Unit> m_reverted;
};

} // namespace Sandcastle::Ui
