// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/memory/memorycapability.h"

#include "sandcastle/core/capabilities/shell/outputtruncation.h"

#include "capabilities/skills/skills_p.h"

#include <QDir>
#include <QFile>
#include <QStringDecoder>

namespace Sandcastle::Core {

namespace {

bool overlaps(const QString &a, const QString &b)
{
    const QString x = QDir::cleanPath(a) + QLatin1Char('/');
    const QString y = QDir::cleanPath(b) + QLatin1Char('/');
    return x.startsWith(y) || y.startsWith(x);
}

} // namespace

Result<void> MemoryLayout::validate() const
{
    if (const Result<void> ok = Internal::validateRelativePath(memoriesDir, QStringLiteral("the memories directory"));
        !ok) {
        return ok;
    }
    if (const Result<void> ok = Internal::validateRelativePath(sessionsDir, QStringLiteral("the sessions directory"));
        !ok) {
        return ok;
    }
    if (overlaps(memoriesDir, sessionsDir)) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the memories directory \"%1\" and the sessions directory \"%2\" must not overlap")
                        .arg(memoriesDir, sessionsDir));
    }
    return {};
}

Result<void> MemoryOptions::validate() const
{
    if (!read && !generate) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the memory capability needs reading, generation or both (both are off)"));
    }
    if (maxRawMemoriesForConsolidation < 1 || maxRawMemoriesForConsolidation > 4096) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("max raw memories for consolidation must be in 1..4096 (got %1)")
                        .arg(maxRawMemoriesForConsolidation));
    }
    if (generate && (phaseOneModel.trimmed().isEmpty() || phaseTwoModel.trimmed().isEmpty())) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("memory generation needs phase one and phase two models"));
    }
    return layout.validate();
}

QJsonObject MemoryOptions::toJson() const
{
    return QJsonObject{{QStringLiteral("memories_dir"), layout.memoriesDir},
                       {QStringLiteral("sessions_dir"), layout.sessionsDir},
                       {QStringLiteral("read"), read},
                       {QStringLiteral("live_update"), liveUpdate},
                       {QStringLiteral("generate"), generate},
                       {QStringLiteral("max_raw_memories"), maxRawMemoriesForConsolidation},
                       {QStringLiteral("phase_one_model"), phaseOneModel},
                       {QStringLiteral("phase_two_model"), phaseTwoModel},
                       {QStringLiteral("extra_prompt"), extraPrompt}};
}

Result<MemoryOptions> MemoryOptions::fromJson(const QJsonObject &object, const QString &source)
{
    MemoryOptions o;
    for (const char *key : {"memories_dir", "sessions_dir", "phase_one_model", "phase_two_model", "extra_prompt"}) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString()) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: /%2: expected a string").arg(source, QLatin1String(key)));
        }
    }
    for (const char *key : {"read", "live_update", "generate"}) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isBool()) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: /%2: expected true or false").arg(source, QLatin1String(key)));
        }
    }
    if (const QJsonValue v = object.value(QStringLiteral("max_raw_memories")); !v.isUndefined() && !v.isDouble()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: /max_raw_memories: expected a number").arg(source));
    }
    o.layout.memoriesDir = object.value(QStringLiteral("memories_dir")).toString(o.layout.memoriesDir);
    o.layout.sessionsDir = object.value(QStringLiteral("sessions_dir")).toString(o.layout.sessionsDir);
    o.read = object.value(QStringLiteral("read")).toBool(o.read);
    o.liveUpdate = object.value(QStringLiteral("live_update")).toBool(o.liveUpdate);
    o.generate = object.value(QStringLiteral("generate")).toBool(o.generate);
    o.maxRawMemoriesForConsolidation =
        object.value(QStringLiteral("max_raw_memories")).toInt(o.maxRawMemoriesForConsolidation);
    o.phaseOneModel = object.value(QStringLiteral("phase_one_model")).toString(o.phaseOneModel);
    o.phaseTwoModel = object.value(QStringLiteral("phase_two_model")).toString(o.phaseTwoModel);
    o.extraPrompt = object.value(QStringLiteral("extra_prompt")).toString();
    if (const Result<void> ok = o.validate(); !ok) {
        return fail(ErrorCode::InvalidInput, source + QStringLiteral(": ") + ok.error().message);
    }
    return o;
}

QString truncateMiddle(const QString &text, qint64 maxTokens)
{
    const QByteArray bytes = text.toUtf8();
    const qint64 budget = qMax<qint64>(0, maxTokens) * 4;
    if (bytes.size() <= budget) {
        return text;
    }
    // The marker's own size depends on the count; two passes settle it.
    QByteArray marker;
    qint64 keep = budget;
    for (int pass = 0; pass < 2; ++pass) {
        const qint64 removed = bytes.size() - keep;
        marker = QStringLiteral("\u2026%1 tokens truncated\u2026").arg(approxTokenCount(removed)).toUtf8();
        keep = qMax<qint64>(0, budget - marker.size());
    }
    const auto boundary = [&bytes](qint64 i) {
        while (i > 0 && i < bytes.size() && (uchar(bytes.at(i)) & 0xC0) == 0x80) {
            --i;
        }
        return i;
    };
    const qint64 headEnd = boundary(keep / 2);
    qint64 tailStart = bytes.size() - (keep - keep / 2);
    while (tailStart < bytes.size() && (uchar(bytes.at(tailStart)) & 0xC0) == 0x80) {
        ++tailStart;
    }
    return QString::fromUtf8(bytes.left(headEnd) + marker + bytes.mid(tailStart));
}

MemoryCapability::MemoryCapability(MemoryOptions options, QObject *parent)
    : Capability(parent)
    , m_options(std::move(options))
{}

QStringList MemoryCapability::requiredCapabilityTypes() const
{
    if (!m_options.read) {
        return {};
    }
    if (m_options.liveUpdate) {
        return {QStringLiteral("filesystem"), QStringLiteral("shell")};
    }
    return {QStringLiteral("shell")};
}

void MemoryCapability::setSummary(const QString &summary)
{
    m_fragment = m_options.read
                     ? renderReadInstructions(summary.trimmed(), QDir::cleanPath(m_options.layout.memoriesDir),
                                              m_options.liveUpdate, m_options.summaryTokenBudget)
                     : QString();
}

std::optional<CapabilityIssue> MemoryCapability::readSummary(const QString &workspaceRoot, const MemoryOptions &options,
                                                             QString *summary)
{
    summary->clear();
    if (!options.read) {
        return std::nullopt;
    }
    const QString relative = QDir::cleanPath(options.layout.memoriesDir) + QStringLiteral("/memory_summary.md");
    QFile file(workspaceRoot + QLatin1Char('/') + relative);
    if (!file.exists()) {
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return CapabilityIssue{
            QStringLiteral("memory"), relative,
            QStringLiteral("cannot read the memory summary: %1; no memory was injected").arg(file.errorString())};
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(file.readAll());
    if (decoder.hasError()) {
        return CapabilityIssue{QStringLiteral("memory"), relative,
                               QStringLiteral("the memory summary is not UTF-8 text; no memory was injected")};
    }
    *summary = text.trimmed();
    return std::nullopt;
}

QString MemoryCapability::renderReadInstructions(const QString &summary, const QString &memoriesDir, bool liveUpdate,
                                                 qint64 tokenBudget)
{
    const QString truncated = truncateMiddle(summary, tokenBudget).trimmed();
    if (truncated.isEmpty()) {
        return {};
    }
    QString update = Internal::loadPromptResource(liveUpdate ? QStringLiteral("memory_live_update.md")
                                                             : QStringLiteral("memory_read_only.md"));
    QString text = Internal::loadPromptResource(QStringLiteral("memory_read.md"));
    text.replace(QStringLiteral("{{UPDATE_INSTRUCTIONS}}"), update);
    text.replace(QStringLiteral("{{MEMORY_DIR}}"), memoriesDir);
    // Last, so that a summary that happens to contain a placeholder is left as it is.
    const qsizetype at = text.indexOf(QStringLiteral("{{MEMORY_SUMMARY}}"));
    if (at >= 0) {
        text.replace(at, qsizetype(sizeof("{{MEMORY_SUMMARY}}") - 1), truncated);
    }
    return text;
}

} // namespace Sandcastle::Core
