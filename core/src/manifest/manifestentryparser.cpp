// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ManifestDocumentParser, part two: the entries of a manifest (spec 1.2), their types, sources,
// permissions and mount fields.
#include "manifestparser_p.h"

#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/mounttypes.h"

#include <QDir>
#include <QSet>

namespace Sandcastle::Core {

const QStringList &manifestMountTypes()
{
    static const QStringList types = {QStringLiteral("s3_mount"),        QStringLiteral("gcs_mount"),
                                      QStringLiteral("r2_mount"),        QStringLiteral("azure_blob_mount"),
                                      QStringLiteral("box_mount"),       QStringLiteral("s3_files_mount"),
                                      QStringLiteral("local_bind_mount")};
    return types;
}

QStringList manifestMountFieldNames(const QString &type)
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

} // namespace Sandcastle::Core

namespace Sandcastle::Core::Internal {

Result<std::vector<ManifestEntry>> ManifestDocumentParser::entries(const QJsonObject &o, const QString &ptr, int depth)
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

Result<ManifestEntry> ManifestDocumentParser::entry(const QString &name, const QJsonValue &v, const QString &ptr,
                                                    int depth)
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
    const QStringList allTypes = builtin + manifestMountTypes();
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
    QStringList allowed = {QStringLiteral("type"),        QStringLiteral("description"), QStringLiteral("ephemeral"),
                           QStringLiteral("permissions"), QStringLiteral("group"),       QStringLiteral("is_dir")};
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
                << manifestMountFieldNames(e.typeName);
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
            return expected(sptr, QStringLiteral("an object with a type (in_container or docker_volume)"), strategy);
        }
        const QJsonObject so = strategy.toObject();
        const QString stype = so.value(QStringLiteral("type")).toString();
        if (stype == QLatin1String("in_container")) {
            if (auto r =
                    checkFields(so, sptr, {QStringLiteral("type"), QStringLiteral("pattern"), QStringLiteral("mode")});
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

Result<Permissions> ManifestDocumentParser::permissions(const QJsonValue &v, const QString &ptr) const
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
    if (auto r = checkFields(
            o, ptr,
            {QStringLiteral("owner"), QStringLiteral("group"), QStringLiteral("other"), QStringLiteral("directory")});
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

} // namespace Sandcastle::Core::Internal
