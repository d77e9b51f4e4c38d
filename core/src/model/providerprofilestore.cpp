// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/providerprofilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

namespace Sandcastle::Core {

namespace {

constexpr int kFormatVersion = 1;

} // namespace

ProviderProfileStore::ProviderProfileStore(QString path)
    : m_path(path.isEmpty() ? defaultPath() : std::move(path))
{}

QString ProviderProfileStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/providers.json");
}

Result<void> ProviderProfileStore::load()
{
    m_profiles.clear();
    m_lastUsed.clear();
    m_loadError.reset();
    const auto bad = [this](const QString &message, ErrorCode code = ErrorCode::InvalidInput) -> Result<void> {
        m_profiles.clear();
        m_lastUsed.clear();
        m_loadError = Error{code, m_path + QStringLiteral(": ") + message, m_path};
        return std::unexpected(*m_loadError);
    };
    QFile file(m_path);
    if (!file.exists()) {
        return {};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return bad(QStringLiteral("cannot read the provider profiles: ") + file.errorString(), ErrorCode::Io);
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError) {
        return bad(QStringLiteral("not valid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    }
    if (!doc.isObject()) {
        return bad(QStringLiteral("expected an object {\"version\":1,\"profiles\":[...]}"));
    }
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("version") && it.key() != QLatin1String("profiles") &&
            it.key() != QLatin1String("last_used")) {
            return bad(QStringLiteral("/%1: unknown key (expected version, profiles, last_used)").arg(it.key()));
        }
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInteger() < 1) {
        return bad(QStringLiteral("/version: expected 1"));
    }
    if (version.toInteger() > kFormatVersion) {
        return bad(QStringLiteral("/version: %1 is newer than this Sandcastle reads (%2); it is left as it is")
                       .arg(version.toInteger())
                       .arg(kFormatVersion));
    }
    const QJsonValue list = root.value(QStringLiteral("profiles"));
    if (!list.isArray()) {
        return bad(QStringLiteral("/profiles: expected an array of profiles"));
    }
    QList<ProviderProfile> profiles;
    QSet<QString> names;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString pointer = QStringLiteral("/profiles/%1").arg(i);
        if (!array.at(i).isObject()) {
            return bad(pointer + QStringLiteral(": expected an object"));
        }
        Result<ProviderProfile> profile = ProviderProfile::fromJson(array.at(i).toObject(), pointer);
        if (!profile) {
            return bad(profile.error().message);
        }
        if (names.contains(profile->name)) {
            return bad(pointer + QStringLiteral("/name: a second profile named \"%1\"").arg(profile->name));
        }
        names.insert(profile->name);
        profiles.append(std::move(*profile));
    }
    const QJsonValue lastUsed = root.value(QStringLiteral("last_used"));
    if (!lastUsed.isUndefined() && !lastUsed.isString()) {
        return bad(QStringLiteral("/last_used: expected a profile name"));
    }
    if (!lastUsed.toString().isEmpty() && !names.contains(lastUsed.toString())) {
        return bad(QStringLiteral("/last_used: there is no profile named \"%1\"").arg(lastUsed.toString()));
    }
    m_profiles = std::move(profiles);
    m_lastUsed = lastUsed.toString();
    return {};
}

Result<void> ProviderProfileStore::save() const
{
    if (m_loadError) {
        return fail(m_loadError->code,
                    m_loadError->message + QStringLiteral(" (not overwritten: fix or remove the file first)"), m_path);
    }
    QJsonArray profiles;
    for (const ProviderProfile &p : m_profiles) {
        profiles.append(p.toJson());
    }
    QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("profiles"), profiles}};
    if (!m_lastUsed.isEmpty()) {
        root.insert(QStringLiteral("last_used"), m_lastUsed);
    }
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create the folder %1 for the provider profiles").arg(dir),
                    dir);
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()), m_path);
    }
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()), m_path);
    }
    return {};
}

std::optional<ProviderProfile> ProviderProfileStore::profile(const QString &name) const
{
    for (const ProviderProfile &p : m_profiles) {
        if (p.name == name) {
            return p;
        }
    }
    return std::nullopt;
}

Result<void> ProviderProfileStore::setProfile(const ProviderProfile &profile)
{
    if (const Result<void> ok = profile.validate(); !ok) {
        return ok;
    }
    for (ProviderProfile &p : m_profiles) {
        if (p.name == profile.name) {
            p = profile;
            return {};
        }
    }
    m_profiles.append(profile);
    return {};
}

bool ProviderProfileStore::removeProfile(const QString &name)
{
    const qsizetype removed = m_profiles.removeIf([&](const ProviderProfile &p) { return p.name == name; });
    if (removed > 0 && m_lastUsed == name) {
        m_lastUsed.clear();
    }
    return removed > 0;
}

Result<void> ProviderProfileStore::setLastUsed(const QString &name)
{
    if (!name.isEmpty() && !profile(name)) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("there is no provider profile named \"%1\"").arg(name),
                    name);
    }
    m_lastUsed = name;
    return {};
}

std::optional<ProviderProfile> ProviderProfileStore::defaultProfile() const
{
    return m_lastUsed.isEmpty() ? std::nullopt : profile(m_lastUsed);
}

} // namespace Sandcastle::Core
