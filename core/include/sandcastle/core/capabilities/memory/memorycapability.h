// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"
#include "sandcastle/core/capabilities/capabilityissue.h"
#include "sandcastle/core/result.h"

namespace Sandcastle::Core {

/// Where one agent's memory lives in the workspace (spec 2.5 `MemoryLayoutConfig`). Agents with
/// different layouts keep separate memories in one workspace.
struct MemoryLayout
{
    QString memoriesDir = QStringLiteral("memories");
    QString sessionsDir = QStringLiteral("sessions");

    /// Both relative, non-empty, without `..`, and neither inside the other.
    [[nodiscard]] Result<void> validate() const;
    friend bool operator==(const MemoryLayout &, const MemoryLayout &) = default;
};

/// The memory capability's settings (spec 2.5 `Memory`, `MemoryReadConfig`, `MemoryGenerateConfig`).
/// `read` off = generate-only; `generate` off = read-only; both off is invalid.
struct MemoryOptions
{
    MemoryLayout layout;
    bool read = true;
    bool liveUpdate = true; ///< read path: the agent fixes stale guidance in MEMORY.md as it works
    bool generate = true;
    int maxRawMemoriesForConsolidation = 256; ///< 1..4096
    QString phaseOneModel = QStringLiteral("gpt-5.4-mini");
    QString phaseTwoModel = QStringLiteral("gpt-5.5");
    QString extraPrompt; ///< extra guidance appended to both phase prompts
    qint64 summaryTokenBudget = 15000;

    [[nodiscard]] Result<void> validate() const;
    /// `{"memories_dir","sessions_dir","read","live_update","generate","max_raw_memories",
    /// "phase_one_model","phase_two_model","extra_prompt"}`.
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<MemoryOptions> fromJson(const QJsonObject &object, const QString &source);
};

/// Head + tail of `text` within `maxTokens` (4 UTF-8 bytes per token), joined by the
/// `…N tokens truncated…` marker; no line-count prefix. Unchanged when it fits. Pure.
[[nodiscard]] QString truncateMiddle(const QString &text, qint64 maxTokens);

/// The "memory" capability (spec 2.5). Read path: readSummary() reads
/// `<memoriesDir>/memory_summary.md` from the host workspace (on a worker thread), setSummary()
/// hands it over; the instruction fragment carries it
/// (truncated to the token budget) with Sandcastle's progressive-disclosure guidance
/// (resources/prompts/memory_read.md). Generation is driven by AgentRun at the end of the run
/// (MemoryGenerator). No tools of its own. One instance per run, on the runner's thread.
class MemoryCapability : public Capability
{
    Q_OBJECT
public:
    explicit MemoryCapability(MemoryOptions options, QObject *parent = nullptr);

    [[nodiscard]] QString type() const override { return QStringLiteral("memory"); }
    /// read + live update: filesystem and shell; read only: shell; generate-only: none.
    [[nodiscard]] QStringList requiredCapabilityTypes() const override;
    [[nodiscard]] QString instructions() const override { return m_fragment; }

    [[nodiscard]] const MemoryOptions &options() const { return m_options; }
    /// Renders the fragment for `summary` (nothing for an empty one or when reading is off).
    void setSummary(const QString &summary);

    /// Blocking: the summary of `options`' layout in `workspaceRoot`, stripped; empty when reading is
    /// off or the file is missing. A summary that cannot be read or is not UTF-8 is an issue (and
    /// gives no summary).
    [[nodiscard]] static std::optional<CapabilityIssue> readSummary(const QString &workspaceRoot,
                                                                    const MemoryOptions &options, QString *summary);

    /// The fragment for `summary` (already stripped); empty for an empty summary.
    [[nodiscard]] static QString renderReadInstructions(const QString &summary, const QString &memoriesDir,
                                                        bool liveUpdate, qint64 tokenBudget);

private:
    MemoryOptions m_options;
    QString m_fragment;
};

} // namespace Sandcastle::Core
