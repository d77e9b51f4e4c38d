// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifestparser.h"

#include "manifestparser_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Sandcastle::Core {

namespace Internal {

namespace {

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace

std::unexpected<Error> ManifestDocumentParser::error(const QString &pointer, const QString &what) const
{
    if (pointer.isEmpty()) { // the whole document
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(m_file, what), pointer);
    }
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2: %3").arg(m_file, pointer, what), pointer);
}

std::unexpected<Error> ManifestDocumentParser::expected(const QString &pointer, const QString &what,
                                                        const QJsonValue &got) const
{
    return error(pointer, QStringLiteral("expected %1, got %2").arg(what, jsonTypeName(got)));
}

Result<void> ManifestDocumentParser::checkFields(const QJsonObject &o, const QString &ptr,
                                                 const QStringList &allowed) const
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key())) {
            return error(ptr + QLatin1Char('/') + ManifestParser::pointerToken(it.key()),
                         QStringLiteral("unknown field; expected one of: %1").arg(allowed.join(QStringLiteral(", "))));
        }
    }
    return {};
}

Result<QString> ManifestDocumentParser::optString(const QJsonObject &o, const QString &key, const QString &ptr,
                                                  bool nullable) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || (nullable && v.isNull())) {
        return QString();
    }
    if (!v.isString()) {
        return expected(ptr + QLatin1Char('/') + key,
                        nullable ? QStringLiteral("a string or null") : QStringLiteral("a string"), v);
    }
    return v.toString();
}

Result<bool> ManifestDocumentParser::optBool(const QJsonObject &o, const QString &key, const QString &ptr,
                                             bool def) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) {
        return def;
    }
    if (!v.isBool()) {
        return expected(ptr + QLatin1Char('/') + key, QStringLiteral("a boolean"), v);
    }
    return v.toBool();
}

Result<Manifest> ManifestDocumentParser::manifest(const QJsonObject &o)
{
    Manifest m;
    m.sourceFile = m_file;
    m.baseDir = m_baseDir;
    if (auto r = checkFields(o, QString(),
                             {QStringLiteral("version"), QStringLiteral("root"), QStringLiteral("entries"),
                              QStringLiteral("environment"), QStringLiteral("users"), QStringLiteral("groups"),
                              QStringLiteral("extra_path_grants"), QStringLiteral("remote_mount_command_allowlist")});
        !r) {
        return std::unexpected(r.error());
    }
    if (const QJsonValue v = o.value(QStringLiteral("version")); !v.isUndefined()) {
        if (!v.isDouble() || v.toDouble() != 1.0) {
            return error(QStringLiteral("/version"), QStringLiteral("expected 1"));
        }
    }
    if (const QJsonValue v = o.value(QStringLiteral("root")); !v.isUndefined()) {
        const QString root = v.toString();
        if (!v.isString() || !root.startsWith(QLatin1Char('/')) || root.contains(QChar(0)) ||
            root.contains(QLatin1Char('\\')) || root.split(QLatin1Char('/')).contains(QStringLiteral(".."))) {
            return error(QStringLiteral("/root"),
                         QStringLiteral("expected an absolute POSIX path without '..' or backslashes"));
        }
        m.root = QDir::cleanPath(root);
    }
    if (const QJsonValue v = o.value(QStringLiteral("entries")); !v.isUndefined() && !v.isNull()) {
        if (!v.isObject()) {
            return expected(QStringLiteral("/entries"), QStringLiteral("an object"), v);
        }
        auto es = entries(v.toObject(), QStringLiteral("/entries"), 0);
        if (!es) {
            return std::unexpected(es.error());
        }
        m.entries = std::move(*es);
    }
    if (const QJsonValue v = o.value(QStringLiteral("environment")); !v.isUndefined() && !v.isNull()) {
        if (!v.isObject()) {
            return expected(QStringLiteral("/environment"), QStringLiteral("an object"), v);
        }
        const QJsonObject env = v.toObject();
        for (auto it = env.begin(); it != env.end(); ++it) {
            const QString eptr = QStringLiteral("/environment/") + ManifestParser::pointerToken(it.key());
            if (it.key().isEmpty() || it.key().contains(QLatin1Char('=')) || it.key().contains(QChar(0))) {
                return error(eptr, QStringLiteral("expected a variable name without '=' or NUL"));
            }
            auto ev = envValue(it.value(), eptr, true);
            if (!ev) {
                return std::unexpected(ev.error());
            }
            m.environment.append({it.key(), *ev});
        }
    }
    auto users = stringList(o.value(QStringLiteral("users")), QStringLiteral("/users"), true);
    if (!users) {
        return std::unexpected(users.error());
    }
    m.users = *users;
    if (const QJsonValue v = o.value(QStringLiteral("groups")); !v.isUndefined() && !v.isNull()) {
        if (!v.isArray()) {
            return expected(QStringLiteral("/groups"), QStringLiteral("an array"), v);
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString gptr = QStringLiteral("/groups/") + QString::number(i);
            if (!a.at(i).isObject()) {
                return expected(gptr, QStringLiteral("an object {name, users}"), a.at(i));
            }
            const QJsonObject go = a.at(i).toObject();
            if (auto r = checkFields(go, gptr, {QStringLiteral("name"), QStringLiteral("users")}); !r) {
                return std::unexpected(r.error());
            }
            if (!go.value(QStringLiteral("name")).isString()) {
                return expected(gptr + QStringLiteral("/name"), QStringLiteral("a string"),
                                go.value(QStringLiteral("name")));
            }
            auto gu = stringList(go.value(QStringLiteral("users")), gptr + QStringLiteral("/users"), true);
            if (!gu) {
                return std::unexpected(gu.error());
            }
            m.groups.append({go.value(QStringLiteral("name")).toString(), *gu});
        }
    }
    if (const QJsonValue v = o.value(QStringLiteral("extra_path_grants")); !v.isUndefined() && !v.isNull()) {
        if (!v.isArray() || !v.toArray().isEmpty()) {
            return error(QStringLiteral("/extra_path_grants"),
                         QStringLiteral("expected an empty array: path grants must be configured on a trusted "
                                        "manifest, not in a manifest file"));
        }
    }
    auto allow = stringList(o.value(QStringLiteral("remote_mount_command_allowlist")),
                            QStringLiteral("/remote_mount_command_allowlist"), false);
    if (!allow) {
        return std::unexpected(allow.error());
    }
    m.remoteMountCommandAllowlist = *allow;
    return m;
}

Result<EnvironmentValue> ManifestDocumentParser::envValue(const QJsonValue &v, const QString &ptr, bool wrapper) const
{
    EnvironmentValue ev;
    if (v.isString()) {
        ev.value = v.toString();
        return ev;
    }
    if (!v.isObject()) {
        return expected(ptr, QStringLiteral("a string, {\"value\": ...} or {\"secret\": \"<keychain item>\"}"), v);
    }
    const QJsonObject o = v.toObject();
    QStringList allowed = {QStringLiteral("value"), QStringLiteral("type"), QStringLiteral("secret")};
    if (wrapper) {
        allowed << QStringLiteral("ephemeral") << QStringLiteral("description");
    }
    if (auto r = checkFields(o, ptr, allowed); !r) {
        return std::unexpected(r.error());
    }
    if (wrapper) {
        auto eph = optBool(o, QStringLiteral("ephemeral"), ptr, false);
        if (!eph) {
            return std::unexpected(eph.error());
        }
        auto desc = optString(o, QStringLiteral("description"), ptr, true);
        if (!desc) {
            return std::unexpected(desc.error());
        }
        ev.ephemeral = *eph;
        ev.description = *desc;
    }
    const QJsonValue secret = o.value(QStringLiteral("secret"));
    const QJsonValue value = o.value(QStringLiteral("value"));
    const QJsonValue type = o.value(QStringLiteral("type"));
    if (!secret.isUndefined()) {
        if (!value.isUndefined() || !type.isUndefined()) {
            return error(ptr + QStringLiteral("/secret"), QStringLiteral("expected either secret or value, not both"));
        }
        if (!secret.isString() || secret.toString().isEmpty()) {
            return expected(ptr + QStringLiteral("/secret"), QStringLiteral("a keychain item name"), secret);
        }
        ev.secret = secret.toString();
        return ev;
    }
    if (!type.isUndefined() && type.toString() != QLatin1String("str")) {
        return error(ptr + QStringLiteral("/type"), QStringLiteral("unknown environment value type; expected str"));
    }
    if (value.isUndefined()) {
        return error(ptr + QStringLiteral("/value"), QStringLiteral("missing; expected a string"));
    }
    if (value.isObject() && wrapper) {
        auto inner = envValue(value, ptr + QStringLiteral("/value"), false);
        if (!inner) {
            return std::unexpected(inner.error());
        }
        ev.value = inner->value;
        ev.secret = inner->secret;
        return ev;
    }
    if (!value.isString()) {
        return expected(ptr + QStringLiteral("/value"), QStringLiteral("a string"), value);
    }
    ev.value = value.toString();
    return ev;
}

Result<QStringList> ManifestDocumentParser::stringList(const QJsonValue &v, const QString &ptr,
                                                       bool objectsWithName) const
{
    QStringList out;
    if (v.isUndefined() || v.isNull()) {
        return out;
    }
    if (!v.isArray()) {
        return expected(ptr, QStringLiteral("an array"), v);
    }
    const QJsonArray a = v.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString iptr = ptr + QLatin1Char('/') + QString::number(i);
        QJsonValue item = a.at(i);
        if (objectsWithName && item.isObject()) {
            const QJsonObject uo = item.toObject();
            if (auto r = checkFields(uo, iptr, {QStringLiteral("name")}); !r) {
                return std::unexpected(r.error());
            }
            item = uo.value(QStringLiteral("name"));
            if (!item.isString()) {
                return expected(iptr + QStringLiteral("/name"), QStringLiteral("a string"), item);
            }
        }
        if (!item.isString() || item.toString().isEmpty()) {
            return expected(iptr,
                            objectsWithName ? QStringLiteral("a user name or {\"name\": ...}")
                                            : QStringLiteral("a non-empty string"),
                            item);
        }
        out << item.toString();
    }
    return out;
}

} // namespace Internal

QString ManifestParser::pointerToken(const QString &key)
{
    QString t = key;
    t.replace(QLatin1Char('~'), QStringLiteral("~0"));
    t.replace(QLatin1Char('/'), QStringLiteral("~1"));
    return t;
}

Result<QString> ManifestParser::normalizeEntryPath(const QString &path)
{
    if (path.contains(QChar(0))) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path contains a NUL character"));
    }
    if (path.contains(QLatin1Char('\\'))) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("path contains a backslash; expected a POSIX path with '/'"));
    }
    if (path.startsWith(QLatin1Char('/')) ||
        (path.size() >= 2 && path.at(1) == QLatin1Char(':') && path.at(0).isLetter())) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path is absolute; expected a path relative to the root"));
    }
    QStringList parts;
    for (const QString &part : path.split(QLatin1Char('/'))) {
        if (part == QLatin1String("..")) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("path contains '..' and could escape the root"));
        }
        if (!part.isEmpty() && part != QLatin1String(".")) {
            parts << part;
        }
    }
    if (parts.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path is empty; expected a relative path"));
    }
    // "./c:x" would normalize to a drive-absolute "c:x" (found by fuzz_manifest): refused like "c:x".
    const QString &first = parts.first();
    if (first.size() >= 2 && first.at(1) == QLatin1Char(':') && first.at(0).isLetter()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path is absolute; expected a path relative to the root"));
    }
    return parts.join(QLatin1Char('/'));
}

Result<QString> ManifestParser::normalizeGitSubpath(const QString &subpath)
{
    if (subpath.isEmpty() || subpath == QLatin1String(".")) {
        return QString();
    }
    if (subpath.trimmed().isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("expected a subpath, got only whitespace"));
    }
    auto r = normalizeEntryPath(subpath);
    if (!r) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("expected a relative subpath: ") + r.error().message);
    }
    return r;
}

Result<Manifest> ManifestParser::parse(const QByteArray &json, const QString &fileName, const QString &baseDir)
{
    const QString file = fileName.isEmpty() ? QStringLiteral("<manifest>") : fileName;
    QString base = baseDir;
    if (base.isEmpty()) {
        base = fileName.isEmpty() ? QDir::currentPath() : QFileInfo(fileName).absolutePath();
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const QByteArray head = json.left(pe.offset);
        const qsizetype line = head.count('\n') + 1;
        const qsizetype column = pe.offset - (head.lastIndexOf('\n') + 1) + 1;
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1:%2:%3: invalid JSON: %4").arg(file).arg(line).arg(column).arg(pe.errorString()),
                    QStringLiteral("line %1, column %2").arg(line).arg(column));
    }
    Internal::ManifestDocumentParser p(file, QDir::cleanPath(QDir(base).absolutePath()));
    if (!doc.isObject()) {
        return p.error(QString(), QStringLiteral("expected a JSON object"));
    }
    return p.manifest(doc.object());
}

Result<Manifest> ManifestParser::parseFile(const QString &path)
{
    QFile f(path);
    if (!f.exists()) {
        return fail(ErrorCode::NotFound, QStringLiteral("%1: no such file").arg(path), path);
    }
    if (!f.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot read: %2").arg(path, f.errorString()), path);
    }
    return parse(f.readAll(), path, QFileInfo(path).absolutePath());
}

} // namespace Sandcastle::Core
