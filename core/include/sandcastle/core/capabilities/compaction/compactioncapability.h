// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"

#include <optional>

namespace Sandcastle::Core {

/// Server-side compaction (spec 2.6): asks the Responses API to compact the context above a
/// token threshold (`context_management`), and trims the history before the latest `compaction`
/// item the server returned. Never summarises locally.
class CompactionCapability final : public Capability
{
    Q_OBJECT
public:
    /// A static threshold in tokens, or std::nullopt for the default policy: dynamic (90 % of the
    /// model's context window) when the model is known, else a static 240 000.
    explicit CompactionCapability(std::optional<qint64> staticThreshold = std::nullopt, QObject *parent = nullptr);

    [[nodiscard]] QString type() const override { return QStringLiteral("compaction"); }
    [[nodiscard]] QJsonObject requestParameters(const QJsonObject &request) const override;
    [[nodiscard]] QJsonArray processContext(const QJsonArray &items) const override;

    /// The context window of a known model (lookup key: lowercase, `openai/` stripped, `.` and `-`
    /// removed), or 0 when unknown.
    [[nodiscard]] static qint64 contextWindow(const QString &model);
    /// The threshold sent for `model` under this policy.
    [[nodiscard]] qint64 threshold(const QString &model) const;

private:
    std::optional<qint64> m_staticThreshold;
};

} // namespace Sandcastle::Core
