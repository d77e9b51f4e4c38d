// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifestparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

namespace Sandcastle::Core {

namespace {

const QStringList &mountTypes()
{
    static const QStringList types = {QStringLiteral("s3_mount"),        QStringLiteral("gcs_mount"),
                                      QStringLiteral("r2_mount"),        QStringLiteral("azure_blob_mount"),
                                      QStringLiteral("box_mount"),       QStringLiteral("s3_files_mount"),
                                      QStringLiteral("local_bind_mount")};
    return types;
}

QStringList mountFieldNames(const QString &type)
{
    if (type == QLatin1String("s3_mount")) {
        return {QStringLiteral("bucket"),        QStringLiteral("access_key_id"), QStringLiteral("secret_access_key"),
                QStringLiteral("session_token"), QStringLiteral("prefix"),        QStringLiteral("region"),
                QStringLiteral("endpoint_url"),  QStringLiteral("s3_provider")};
    }
    if (type == QLatin1String("gcs_mount")) {
        return {QStringLiteral("bucket"),
                QStringLiteral("access_id"),
                QStringLiteral("secret_access_key"),
                QStringLiteral("prefix"),
                QStringLiteral("region"),
                QStringLiteral("endpoint_url"),
                QStringLiteral("service_account_file"),
                QStringLiteral("service_account_credentials"),
                QStringLiteral("access_token")};
    }
    if (type == QLatin1String("r2_mount")) {
        return {QStringLiteral("bucket"), QStringLiteral("account_id"), QStringLiteral("access_key_id"),
                QStringLiteral("secret_access_key"), QStringLiteral("custom_domain")};
    }
    if (type == QLatin1String("azure_blob_mount")) {
        return {QStringLiteral("account"), QStringLiteral("container"), QStringLiteral("endpoint"),
                QStringLiteral("identity_client_id"), QStringLiteral("account_key")};
    }
    if (type == QLatin1String("box_mount")) {
        return {QStringLiteral("path"),
                QStringLiteral("client_id"),
                QStringLiteral("client_secret"),
                QStringLiteral("access_token"),
                QStringLiteral("token"),
                QStringLiteral("box_config_file"),
                QStringLiteral("config_credentials"),
                QStringLiteral("box_sub_type"),
                QStringLiteral("root_folder_id"),
                QStringLiteral("impersonate"),
                QStringLiteral("owned_by")};
    }
    if (type == QLatin1String("s3_files_mount")) {
        return {QStringLiteral("file_system_id"), QStringLiteral("subpath"), QStringLiteral("mount_target_ip"),
                QStringLiteral("access_point"),   QStringLiteral("region"),  QStringLiteral("extra_options")};
    }
    if (type == QLatin1String("local_bind_mount")) {
        return {QStringLiteral("src")};
    }
    return {};
}

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

class Parser
{
public:
    explicit Parser(QString fileName, QString baseDir)
        : m_file(std::move(fileName))
        , m_baseDir(std::move(baseDir))
    {}

    std::unexpected<Error> error(const QString &pointer, const QString &what) const
    {
        if (pointer.isEmpty()) { // the whole document
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(m_file, what), pointer);
        }
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2: %3").arg(m_file, pointer, what), pointer);
    }
    std::unexpected<Error> expected(const QString &pointer, const QString &what, const QJsonValue &got) const
    {
        return error(pointer, QStringLiteral("expected %1, got %2").arg(what, jsonTypeName(got)));
    }

    Result<void> checkFields(const QJsonObject &o, const QString &ptr, const QStringList &allowed) const
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!allowed.contains(it.key())) {
                return error(
                    ptr + QLatin1Char('/') + ManifestParser::pointerToken(it.key()),
                    QStringLiteral("unknown field; expected one of: %1").arg(allowed.join(QStringLiteral(", "))));
            }
        }
        return {};
    }

    Result<QString> optString(const QJsonObject &o, const QString &key, const QString &ptr, bool nullable) const
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

    Result<bool> optBool(const QJsonObject &o, const QString &key, const QString &ptr, bool def) const
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

    Result<Permissions> permissions(const QJsonValue &v, const QString &ptr) const
    {
        Permissions p;
        if (v.isString()) {
            QString s = v.toString();
            if (s.size() == 10) {
                s = s.mid(1);
            }
            if (s.size() == 9) {
                int bits[3] = {0, 0, 0};
                for (int i = 0; i < 9; ++i) {
                    const QChar c = s.at(i);
                    const char want = "rwx"[i % 3];
                    const bool execSlot = i % 3 == 2;
                    if (c == QLatin1Char(want) || (execSlot && QStringLiteral("sStT").contains(c))) {
                        bits[i / 3] |= 4 >> (i % 3);
                    } else if (c != QLatin1Char('-')) {
                        return error(ptr, QStringLiteral("expected an ls-style mode such as \"rwxr-xr-x\""));
                    }
                }
                return Permissions{bits[0], bits[1], bits[2]};
            }
            bool ok = false;
            const int mode = s.toInt(&ok, 8);
            if (!ok || s.isEmpty() || s.size() > 4 || mode < 0 || mode > 0777) {
                return error(ptr, QStringLiteral("expected an octal mode such as \"0755\" or an ls-style mode such "
                                                 "as \"rwxr-xr-x\""));
            }
            return Permissions{(mode >> 6) & 7, (mode >> 3) & 7, mode & 7};
        }
        if (!v.isObject()) {
            return expected(ptr, QStringLiteral("an object {owner, group, other} or a mode string"), v);
        }
        const QJsonObject o = v.toObject();
        if (auto r = checkFields(o, ptr,
                                 {QStringLiteral("owner"), QStringLiteral("group"), QStringLiteral("other"),
                                  QStringLiteral("directory")});
            !r) {
            return std::unexpected(r.error());
        }
        const auto digit = [&](const QString &key, int &out) -> Result<void> {
            const QJsonValue d = o.value(key);
            if (d.isUndefined()) {
                return {};
            }
            if (!d.isDouble() || d.toDouble() != double(d.toInt(-1)) || d.toInt() < 0 || d.toInt() > 7) {
                return expected(ptr + QLatin1Char('/') + key, QStringLiteral("an integer from 0 to 7"), d);
            }
            out = d.toInt();
            return {};
        };
        for (const auto &[key, slot] :
             {std::pair{QStringLiteral("owner"), &p.owner}, std::pair{QStringLiteral("group"), &p.group},
              std::pair{QStringLiteral("other"), &p.other}}) {
            if (auto r = digit(key, *slot); !r) {
                return std::unexpected(r.error());
            }
        }
        if (const QJsonValue d = o.value(QStringLiteral("directory")); !d.isUndefined() && !d.isBool()) {
            return expected(ptr + QStringLiteral("/directory"), QStringLiteral("a boolean"), d);
        }
        return p;
    }

    Result<ManifestEntry> entry(const QString &name, const QJsonValue &v, const QString &ptr, int depth)
    {
        if (depth > 64) {
            return error(ptr, QStringLiteral("entries are nested too deeply (more than 64 levels)"));
        }
        if (!v.isObject()) {
            return expected(ptr, QStringLiteral("an entry object"), v);
        }
        const QJsonObject o = v.toObject();
        ManifestEntry e;
        e.name = name;
        const QJsonValue type = o.value(QStringLiteral("type"));
        static const QStringList builtin = {QStringLiteral("file"), QStringLiteral("dir"), QStringLiteral("local_file"),
                                            QStringLiteral("local_dir"), QStringLiteral("git_repo")};
        const QStringList allTypes = builtin + mountTypes();
        if (type.isUndefined()) {
            return error(ptr + QStringLiteral("/type"),
                         QStringLiteral("missing; expected one of: %1").arg(allTypes.join(QStringLiteral(", "))));
        }
        if (!type.isString() || !allTypes.contains(type.toString())) {
            return error(
                ptr + QStringLiteral("/type"),
                QStringLiteral("unknown entry type; expected one of: %1").arg(allTypes.join(QStringLiteral(", "))));
        }
        e.typeName = type.toString();
        QStringList allowed = {QStringLiteral("type"),      QStringLiteral("description"),
                               QStringLiteral("ephemeral"), QStringLiteral("permissions"),
                               QStringLiteral("group"),     QStringLiteral("is_dir")};
        if (e.typeName == QLatin1String("file")) {
            e.type = EntryType::File;
            allowed << QStringLiteral("content") << QStringLiteral("content_base64");
        } else if (e.typeName == QLatin1String("dir")) {
            e.type = EntryType::Dir;
            allowed << QStringLiteral("children");
        } else if (e.typeName == QLatin1String("local_file")) {
            e.type = EntryType::LocalFile;
            allowed << QStringLiteral("src");
        } else if (e.typeName == QLatin1String("local_dir")) {
            e.type = EntryType::LocalDir;
            allowed << QStringLiteral("src");
        } else if (e.typeName == QLatin1String("git_repo")) {
            e.type = EntryType::GitRepo;
            allowed << QStringLiteral("host") << QStringLiteral("repo") << QStringLiteral("ref")
                    << QStringLiteral("subpath");
        } else {
            e.type = EntryType::Mount;
            allowed << QStringLiteral("mount_path") << QStringLiteral("read_only") << QStringLiteral("mount_strategy")
                    << mountFieldNames(e.typeName);
        }
        if (auto r = checkFields(o, ptr, allowed); !r) {
            return std::unexpected(r.error());
        }
        auto description = optString(o, QStringLiteral("description"), ptr, true);
        if (!description) {
            return std::unexpected(description.error());
        }
        e.description = *description;
        auto ephemeral = optBool(o, QStringLiteral("ephemeral"), ptr, e.type == EntryType::Mount);
        if (!ephemeral) {
            return std::unexpected(ephemeral.error());
        }
        e.ephemeral = *ephemeral || e.type == EntryType::Mount;
        if (auto isDir = optBool(o, QStringLiteral("is_dir"), ptr, false); !isDir) {
            return std::unexpected(isDir.error());
        }
        if (const QJsonValue g = o.value(QStringLiteral("group")); !g.isUndefined() && !g.isNull()) {
            return error(ptr + QStringLiteral("/group"),
                         QStringLiteral("expected null: group ownership is not supported by this client yet"));
        }
        if (const QJsonValue p = o.value(QStringLiteral("permissions")); !p.isUndefined() && !p.isNull()) {
            auto perms = permissions(p, ptr + QStringLiteral("/permissions"));
            if (!perms) {
                return std::unexpected(perms.error());
            }
            e.permissions = *perms;
        }

        switch (e.type) {
        case EntryType::File: {
            const QJsonValue c = o.value(QStringLiteral("content"));
            const QJsonValue b = o.value(QStringLiteral("content_base64"));
            if (!c.isUndefined() && !b.isUndefined()) {
                return error(ptr + QStringLiteral("/content_base64"),
                             QStringLiteral("expected only one of content and content_base64"));
            }
            if (!b.isUndefined()) {
                if (!b.isString()) {
                    return expected(ptr + QStringLiteral("/content_base64"), QStringLiteral("a base64 string"), b);
                }
                auto decoded =
                    QByteArray::fromBase64Encoding(b.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded) {
                    return error(ptr + QStringLiteral("/content_base64"), QStringLiteral("expected valid base64"));
                }
                e.content = decoded.decoded;
                e.contentBase64 = true;
            } else if (!c.isUndefined()) {
                if (!c.isString()) {
                    return expected(ptr + QStringLiteral("/content"), QStringLiteral("a string"), c);
                }
                e.content = c.toString().toUtf8();
            } else {
                return error(ptr + QStringLiteral("/content"),
                             QStringLiteral("missing; expected a string (or content_base64)"));
            }
            break;
        }
        case EntryType::Dir: {
            const QJsonValue c = o.value(QStringLiteral("children"));
            if (!c.isUndefined() && !c.isNull()) {
                if (!c.isObject()) {
                    return expected(ptr + QStringLiteral("/children"), QStringLiteral("an object"), c);
                }
                auto kids = entries(c.toObject(), ptr + QStringLiteral("/children"), depth + 1);
                if (!kids) {
                    return std::unexpected(kids.error());
                }
                e.children = std::move(*kids);
            }
            break;
        }
        case EntryType::LocalFile:
        case EntryType::LocalDir: {
            const bool nullable = e.type == EntryType::LocalDir;
            const QJsonValue s = o.value(QStringLiteral("src"));
            if (!nullable && s.isUndefined()) {
                return error(ptr + QStringLiteral("/src"), QStringLiteral("missing; expected a host path string"));
            }
            auto src = optString(o, QStringLiteral("src"), ptr, nullable);
            if (!src) {
                return std::unexpected(src.error());
            }
            if (s.isString() && (src->isEmpty() || src->contains(QChar(0)))) {
                return error(ptr + QStringLiteral("/src"), QStringLiteral("expected a non-empty host path"));
            }
            e.src = *src;
            if (!e.src.isEmpty()) {
                e.resolvedSrc = QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(e.src));
            }
            break;
        }
        case EntryType::GitRepo: {
            for (const auto &[key, out] :
                 {std::pair{QStringLiteral("repo"), &e.repo}, std::pair{QStringLiteral("ref"), &e.ref},
                  std::pair{QStringLiteral("host"), &e.host}, std::pair{QStringLiteral("subpath"), &e.subpath}}) {
                auto s = optString(o, key, ptr, key != QLatin1String("repo") && key != QLatin1String("host"));
                if (!s) {
                    return std::unexpected(s.error());
                }
                if (o.contains(key) || key == QLatin1String("repo")) {
                    *out = *s;
                }
            }
            if (e.repo.trimmed().isEmpty()) {
                return error(ptr + QStringLiteral("/repo"),
                             QStringLiteral("expected a repository: a URL, a local path or owner/name"));
            }
            if (e.host.trimmed().isEmpty()) {
                return error(ptr + QStringLiteral("/host"), QStringLiteral("expected a host name"));
            }
            auto sub = ManifestParser::normalizeGitSubpath(e.subpath);
            if (!sub) {
                return error(ptr + QStringLiteral("/subpath"), sub.error().message);
            }
            e.subpath = *sub;
            break;
        }
        case EntryType::Mount: {
            auto mountPath = optString(o, QStringLiteral("mount_path"), ptr, true);
            if (!mountPath) {
                return std::unexpected(mountPath.error());
            }
            if (auto ro = optBool(o, QStringLiteral("read_only"), ptr, true); !ro) {
                return std::unexpected(ro.error());
            }
            const QJsonValue strategy = o.value(QStringLiteral("mount_strategy"));
            const QString sptr = ptr + QStringLiteral("/mount_strategy");
            if (!strategy.isObject()) {
                return expected(sptr, QStringLiteral("an object with a type (in_container or docker_volume)"),
                                strategy);
            }
            const QJsonObject so = strategy.toObject();
            const QString stype = so.value(QStringLiteral("type")).toString();
            if (stype == QLatin1String("in_container")) {
                if (auto r = checkFields(so, sptr,
                                         {QStringLiteral("type"), QStringLiteral("pattern"), QStringLiteral("mode")});
                    !r) {
                    return std::unexpected(r.error());
                }
            } else if (stype == QLatin1String("docker_volume")) {
                if (auto r = checkFields(
                        so, sptr, {QStringLiteral("type"), QStringLiteral("driver"), QStringLiteral("driver_options")});
                    !r) {
                    return std::unexpected(r.error());
                }
            } else {
                return error(sptr + QStringLiteral("/type"), QStringLiteral("expected in_container or docker_volume"));
            }
            for (auto it = o.begin(); it != o.end(); ++it) {
                static const QStringList common = {QStringLiteral("type"),      QStringLiteral("description"),
                                                   QStringLiteral("ephemeral"), QStringLiteral("permissions"),
                                                   QStringLiteral("group"),     QStringLiteral("is_dir")};
                if (!common.contains(it.key())) {
                    e.mountFields.insert(it.key(), it.value());
                }
            }
            break;
        }
        }
        return e;
    }

    Result<std::vector<ManifestEntry>> entries(const QJsonObject &o, const QString &ptr, int depth)
    {
        std::vector<ManifestEntry> out;
        QSet<QString> seen;
        // QJsonObject iterates keys sorted; declaration order is not kept by QJsonDocument.
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString eptr = ptr + QLatin1Char('/') + ManifestParser::pointerToken(it.key());
            auto name = ManifestParser::normalizeEntryPath(it.key());
            if (!name) {
                return error(eptr, name.error().message);
            }
            if (seen.contains(*name)) {
                return error(eptr, QStringLiteral("duplicate entry path '%1'").arg(*name));
            }
            seen.insert(*name);
            auto e = entry(*name, it.value(), eptr, depth);
            if (!e) {
                return std::unexpected(e.error());
            }
            out.push_back(std::move(*e));
        }
        return out;
    }

    Result<EnvironmentValue> envValue(const QJsonValue &v, const QString &ptr, bool wrapper) const
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
                return error(ptr + QStringLiteral("/secret"),
                             QStringLiteral("expected either secret or value, not both"));
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

    Result<QStringList> stringList(const QJsonValue &v, const QString &ptr, bool objectsWithName) const
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

    Result<Manifest> manifest(const QJsonObject &o)
    {
        Manifest m;
        m.sourceFile = m_file;
        m.baseDir = m_baseDir;
        if (auto r =
                checkFields(o, QString(),
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

private:
    QString m_file;
    QString m_baseDir;
};

} // namespace

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
    Parser p(file, QDir::cleanPath(QDir(base).absolutePath()));
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
