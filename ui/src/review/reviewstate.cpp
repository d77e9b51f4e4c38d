// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/reviewstate.h"

namespace Sandcastle::Ui {

void ReviewState::clear()
{
    m_entries.clear();
    m_reverted.clear();
}

ReviewState::Decision ReviewState::decision(int file, int hunk) const
{
    return m_entries.value({file, hunk}).decision;
}

std::optional<QByteArray> ReviewState::replacement(int file, int hunk) const
{
    return m_entries.value({file, hunk}).replacement;
}

void ReviewState::setDecision(int file, int hunk, Decision decision, std::optional<QByteArray> replacement)
{
    m_entries.insert({file, hunk},
                     Entry{decision, decision == Decision::Accepted ? std::move(replacement) : std::nullopt});
}

void ReviewState::setAll(const QList<Unit> &units, Decision decision)
{
    for (const Unit &unit : units) {
        setDecision(unit.first, unit.second, decision);
    }
}

int ReviewState::count(const QList<Unit> &units, Decision decision) const
{
    return int(std::count_if(units.cbegin(), units.cend(), [this, decision](const Unit &unit) {
        return this->decision(unit.first, unit.second) == decision;
    }));
}

Core::PatchReviewDecision ReviewState::toDecision(const QList<Unit> &units, const QString &comment) const
{
    Core::PatchReviewDecision result;
    result.comment = comment;
    for (const Unit &unit : units) {
        const Entry entry = m_entries.value(unit);
        if (entry.decision == Decision::Accepted) {
            result.hunks.append(Core::HunkDecision{unit.first, unit.second, true, entry.replacement});
        }
    }
    return result;
}

void ReviewState::markReverted(int file, int hunk)
{
    m_reverted.insert({file, hunk});
}

bool ReviewState::isReverted(int file, int hunk) const
{
    return m_reverted.contains({file, hunk}) || m_reverted.contains({file, -1}) || m_reverted.contains({-1, -1});
}

} // namespace Sandcastle::Ui
