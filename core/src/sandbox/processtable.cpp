// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/processtable_p.h"

#include "sandcastle/core/sandbox/sandboxprocess.h"

#include <algorithm>

namespace Sandcastle::Core::Internal {

ProcessTable::ProcessTable(int capacity, int protectedCount)
    : m_capacity(capacity)
    , m_protected(protectedCount)
{}

int ProcessTable::insert(SandboxProcess *process, SandboxProcess **evicted, int *evictedId)
{
    *evicted = nullptr;
    *evictedId = 0;
    if (m_entries.size() >= m_capacity) {
        const int victim = pickVictim();
        if (victim != 0) {
            *evictedId = victim;
            *evicted = take(victim);
        }
    }
    while (m_entries.contains(m_nextId)) {
        ++m_nextId;
    }
    const int id = m_nextId++;
    m_entries.insert(id, Entry{process, ++m_clock});
    return id;
}

SandboxProcess *ProcessTable::use(int id)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end()) {
        return nullptr;
    }
    it->lastUse = ++m_clock;
    return it->process;
}

SandboxProcess *ProcessTable::take(int id)
{
    return m_entries.take(id).process;
}

int ProcessTable::pickVictim() const
{
    QList<std::pair<quint64, int>> byUse; // (lastUse, id), oldest first after sorting
    byUse.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        byUse.append({it->lastUse, it.key()});
    }
    std::sort(byUse.begin(), byUse.end());
    const qsizetype candidates = std::max<qsizetype>(0, byUse.size() - m_protected);
    for (qsizetype i = 0; i < candidates; ++i) {
        const SandboxProcess *p = m_entries.value(byUse[i].second).process;
        if (p && p->hasExited()) {
            return byUse[i].second;
        }
    }
    return candidates > 0 ? byUse.first().second : 0;
}

} // namespace Sandcastle::Core::Internal
