// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "previewremote.h"

namespace Sandcastle::Ui {

/// A page living in sandcastle-preview-host: calls become messages, the host's events go to the
/// client. Title and URL are the last the host reported.
class RemotePreviewPage : public RemoteSurface, public PreviewPage
{
    Q_OBJECT
public:
    RemotePreviewPage(std::shared_ptr<PreviewHostConnection> connection, PreviewPageClient *client, QWidget *parent);

    [[nodiscard]] QWidget *widget() override { return this; }
    [[nodiscard]] QObject *pageObject() override { return this; }
    void load(const QUrl &url) override;
    void reload() override;
    [[nodiscard]] QString title() const override { return m_title; }
    [[nodiscard]] QUrl url() const override { return m_url; }
    void runJavaScript(const QString &script, std::function<void(const QVariant &)> done) override;
    void grabImage(std::function<void(const QImage &)> done) override;
    void notifyNextFrame(std::function<void()> done) override;
    [[nodiscard]] QWidget *createDevTools(QWidget *parent) override;

    [[nodiscard]] QCborMap hostQuestion(const QCborMap &question) override;
    void hostEvent(const QCborMap &message) override;
    void hostDied(const QString &reason) override;

private:
    PreviewPageClient *m_client;
    QString m_title;
    QUrl m_url;
};

/// The profile lives in the host; a host that died is replaced by a new one for the next page.
/// Deleted with no page left, it hands its host to the reserve (which closes the profile).
class RemotePreviewBackend : public PreviewBackend
{
public:
    RemotePreviewBackend(std::shared_ptr<PreviewHostConnection> connection, QString hostPath, QString pluginPath,
                         const PreviewProfileSettings &settings, PreviewHostReserve *reserve = nullptr);
    ~RemotePreviewBackend() override;

    [[nodiscard]] PreviewPage *createPage(PreviewPageClient *client, QWidget *parent) override;
    [[nodiscard]] int pageCount() const override;
    [[nodiscard]] QString storagePath() const override { return m_settings.dataPath; }
    void warmUp() override;
    void endWarmUp() override;
    [[nodiscard]] bool isWarmingUp() const override { return m_warmingUp; }
    [[nodiscard]] bool isWarm() const override { return m_warmingUp && m_connection->isWarm(); }
    [[nodiscard]] qint64 hostProcessId() const { return m_connection->processId(); }

private:
    std::shared_ptr<PreviewHostConnection> m_connection;
    QString m_hostPath;
    QString m_pluginPath;
    PreviewProfileSettings m_settings;
    QPointer<PreviewHostReserve> m_reserve;
    QList<QPointer<QObject>> m_pages;
    bool m_warmingUp = false;
};

} // namespace Sandcastle::Ui
