// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace Sandcastle::Core::Internal {

/// One pass over one manifest document for ManifestParser::parse(). Every failure is
/// InvalidInput with the message `<file>: <JSON pointer>: <what was expected>` and the pointer as
/// `detail`; the first problem ends the pass. The document level (root, environment, users,
/// groups) and the field readers are in manifestparser.cpp, the entries (types, sources,
/// permissions, mounts) in manifestentryparser.cpp.
class ManifestDocumentParser
{
public:
    /// `fileName` is used in messages; relative `src` paths resolve against `baseDir`.
    ManifestDocumentParser(QString fileName, QString baseDir)
        : m_file(std::move(fileName))
        , m_baseDir(std::move(baseDir))
    {}

    /// The whole document (a JSON object).
    [[nodiscard]] Result<Manifest> manifest(const QJsonObject &o);
    /// The error for `pointer` ("" = the whole document).
    [[nodiscard]] std::unexpected<Error> error(const QString &pointer, const QString &what) const;

private:
    [[nodiscard]] std::unexpected<Error> expected(const QString &pointer, const QString &what,
                                                  const QJsonValue &got) const;
    [[nodiscard]] Result<void> checkFields(const QJsonObject &o, const QString &ptr, const QStringList &allowed) const;
    [[nodiscard]] Result<QString> optString(const QJsonObject &o, const QString &key, const QString &ptr,
                                            bool nullable) const;
    [[nodiscard]] Result<bool> optBool(const QJsonObject &o, const QString &key, const QString &ptr, bool def) const;
    [[nodiscard]] Result<EnvironmentValue> envValue(const QJsonValue &v, const QString &ptr, bool wrapper) const;
    [[nodiscard]] Result<QStringList> stringList(const QJsonValue &v, const QString &ptr, bool objectsWithName) const;

    // manifestentryparser.cpp
    [[nodiscard]] Result<std::vector<ManifestEntry>> entries(const QJsonObject &o, const QString &ptr, int depth);
    [[nodiscard]] Result<ManifestEntry> entry(const QString &name, const QJsonValue &v, const QString &ptr, int depth);
    [[nodiscard]] Result<Permissions> permissions(const QJsonValue &v, const QString &ptr) const;

    QString m_file;
    QString m_baseDir;
};

} // namespace Sandcastle::Core::Internal
