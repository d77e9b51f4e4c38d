// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifestenvironment.h"

#include "sandcastle/core/credentials/credentialstore.h"

#include <QList>

namespace Sandcastle::Core {

QFuture<Result<QHash<QString, QString>>> resolveEnvironment(const Manifest &manifest, CredentialStore &store)
{
    QHash<QString, QString> plain;
    QList<std::pair<QString, QString>> secretNames; // variable, item
    QList<QFuture<Result<QString>>> reads;
    for (const auto &[name, value] : manifest.environment) {
        if (value.isSecret()) {
            secretNames.append({name, value.secret});
            reads.append(store.read(value.secret));
        } else {
            plain.insert(name, value.value);
        }
    }
    if (reads.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<QHash<QString, QString>>(plain));
    }
    return QtFuture::whenAll(reads.begin(), reads.end())
        .then([plain, secretNames](const QList<QFuture<Result<QString>>> &done) -> Result<QHash<QString, QString>> {
            QHash<QString, QString> env = plain;
            for (qsizetype i = 0; i < done.size(); ++i) {
                const auto &[name, item] = secretNames.at(i);
                const QFuture<Result<QString>> &f = done.at(i);
                if (f.isCanceled() || f.resultCount() == 0) {
                    return fail(
                        ErrorCode::Cancelled,
                        QStringLiteral("environment variable %1: reading secret '%2' was cancelled").arg(name, item),
                        item);
                }
                const Result<QString> r = f.result();
                if (!r) {
                    return fail(r.error().code,
                                QStringLiteral("environment variable %1: cannot read secret '%2': %3")
                                    .arg(name, item, r.error().message),
                                item);
                }
                env.insert(name, *r);
            }
            return env;
        });
}

} // namespace Sandcastle::Core
