// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

#include <memory>

class QWebEngineDownloadRequest;
class QWebEngineProfile;

namespace Sandcastle::Preview {

/// One persistent QWebEngineProfile (cookies, local storage and cache under the settings'
/// dataPath, so sign-ins survive reloads and restarts) locked down for untrusted content, and the
/// pages made with it. Downloads go to a private staging file first and are moved to the place
/// the user picks; nothing lands in a user directory without an answer.
class WebEngineBackend : public QObject, public Ui::PreviewBackend
{
    Q_OBJECT
public:
    explicit WebEngineBackend(const Ui::PreviewProfileSettings &settings);
    ~WebEngineBackend() override;

    [[nodiscard]] Ui::PreviewPage *createPage(Ui::PreviewPageClient *client, QWidget *parent) override;
    [[nodiscard]] int pageCount() const override;
    [[nodiscard]] QString storagePath() const override;
    void warmUp() override;
    void endWarmUp() override;
    [[nodiscard]] bool isWarmingUp() const override { return m_warmView != nullptr; }
    [[nodiscard]] bool isWarm() const override { return m_warm; }

private:
    void onDownloadRequested(QWebEngineDownloadRequest *download);

    Ui::PreviewProfileSettings m_settings;
    std::unique_ptr<QWebEngineProfile> m_profile;
    QList<QPointer<QObject>> m_pages;
    std::unique_ptr<QWidget> m_warmView;
    bool m_warm = false;
};

} // namespace Sandcastle::Preview
