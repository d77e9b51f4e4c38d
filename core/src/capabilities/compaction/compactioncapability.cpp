// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/compaction/compactioncapability.h"

#include <QJsonObject>

namespace Sandcastle::Core {

namespace {
constexpr qint64 DefaultStaticThreshold = 240000;
constexpr double DynamicRatio = 0.9;

QString lookupKey(const QString &model)
{
    QString key = model.toLower();
    if (key.startsWith(QLatin1String("openai/"))) {
        key = key.mid(7);
    }
    key.remove(QLatin1Char('.'));
    key.remove(QLatin1Char('-'));
    return key;
}
} // namespace

CompactionCapability::CompactionCapability(std::optional<qint64> staticThreshold, QObject *parent)
    : Capability(parent)
    , m_staticThreshold(staticThreshold)
{}

qint64 CompactionCapability::contextWindow(const QString &model)
{
    const QString k = lookupKey(model);
    if (k.isEmpty()) {
        return 0;
    }
    // Order matters: the more specific prefixes first (spec 2.6).
    if (k.startsWith(QLatin1String("gpt54mini")) || k.startsWith(QLatin1String("gpt54nano"))) {
        return 400000;
    }
    if (k.startsWith(QLatin1String("gpt54")) || k.startsWith(QLatin1String("gpt55")) ||
        k.startsWith(QLatin1String("gpt56")) || k.startsWith(QLatin1String("gpt41"))) {
        return 1047576;
    }
    if (k.startsWith(QLatin1String("gpt53codex")) || k.startsWith(QLatin1String("gpt51")) ||
        k.startsWith(QLatin1String("gpt52"))) {
        return 400000;
    }
    for (const char *known : {"gpt5", "gpt5mini", "gpt5nano", "gpt5pro", "gpt5codex"}) {
        if (k == QLatin1String(known)) {
            return 400000;
        }
    }
    if (k.startsWith(QLatin1String("gpt4o")) || k.endsWith(QLatin1String("chatlatest"))) {
        return 128000;
    }
    for (const char *known : {"o1", "o3", "o4mini", "codexminilatest"}) {
        if (k == QLatin1String(known)) {
            return 200000;
        }
    }
    if (k.contains(QLatin1String("deepresearch"))) {
        return 200000;
    }
    return 0;
}

qint64 CompactionCapability::threshold(const QString &model) const
{
    if (m_staticThreshold) {
        return *m_staticThreshold;
    }
    const qint64 window = contextWindow(model);
    return window > 0 ? static_cast<qint64>(static_cast<double>(window) * DynamicRatio) : DefaultStaticThreshold;
}

QJsonObject CompactionCapability::requestParameters(const QJsonObject &request) const
{
    const QJsonObject compaction{
        {QStringLiteral("type"), QStringLiteral("compaction")},
        {QStringLiteral("compact_threshold"), threshold(request.value(QStringLiteral("model")).toString())}};
    return QJsonObject{{QStringLiteral("context_management"), QJsonArray{compaction}}};
}

QJsonArray CompactionCapability::processContext(const QJsonArray &items) const
{
    for (qsizetype i = items.size() - 1; i >= 0; --i) {
        if (items.at(i).toObject().value(QStringLiteral("type")).toString() == QLatin1String("compaction")) {
            QJsonArray trimmed;
            for (qsizetype j = i; j < items.size(); ++j) {
                trimmed.append(items.at(j));
            }
            return trimmed;
        }
    }
    return items;
}

} // namespace Sandcastle::Core
