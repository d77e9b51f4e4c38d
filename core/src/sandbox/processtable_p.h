// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>

namespace Sandcastle::Core {
class SandboxProcess;
}

namespace Sandcastle::Core::Internal {

/// The unified-exec process table of one session (spec 2.2): ids sequential from 1
/// (DECISIONS), at most `capacity` entries; inserting into a full table evicts one entry, never
/// one of the `protectedCount` most recently used, preferring the least recently used exited
/// process, else the least recently used live one. Stores non-owning pointers; the session owns
/// the processes and kills what the table evicts.
class ProcessTable
{
public:
    explicit ProcessTable(int capacity = 64, int protectedCount = 8);

    /// Adds `process`; returns its id and, in `evicted`, the entry that had to go (or nullptr).
    int insert(SandboxProcess *process, SandboxProcess **evicted, int *evictedId);
    /// Looks an id up and marks it most recently used.
    [[nodiscard]] SandboxProcess *use(int id);
    [[nodiscard]] SandboxProcess *peek(int id) const { return m_entries.value(id).process; }
    SandboxProcess *take(int id);
    [[nodiscard]] int size() const { return int(m_entries.size()); }
    [[nodiscard]] QList<int> ids() const { return m_entries.keys(); }

private:
    struct Entry
    {
        SandboxProcess *process = nullptr;
        quint64 lastUse = 0;
    };
    int pickVictim() const;

    QMap<int, Entry> m_entries;
    int m_capacity;
    int m_protected;
    int m_nextId = 1;
    quint64 m_clock = 0;
};

} // namespace Sandcastle::Core::Internal
