// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// sandcastle-exec-helper: the idle process of a Docker sandbox container, and its exec server.
//
//   sandcastle-exec-helper serve SOCKET     listen on the Unix socket SOCKET (mode 0600)
//   sandcastle-exec-helper --version
//
// Every connection runs one command: the server forks a handler per connection, the handler
// spawns the command (posix_spawn) in a new session, PTY or pipes, and relays frames until it exits.
// A connection may instead ask for a TCP tunnel to a port in the container (helpertunnel.cpp).
// A connection that closes before the command has exited kills the command's process group.
// Frames are [type:1][length:4, big-endian][payload]; the protocol is documented in
// docs/FORMATS.md ("Exec helper protocol"). No Qt, no heap beyond std::string/vector: the binary
// is linked statically so that it runs in any image of the host's architecture.

#include "helperframes.h"
#include "helpertunnel.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

constexpr std::string_view kProtocolVersion = "sandcastle-exec-helper 1";
constexpr uint32_t kMaxFrame = 4u << 20;
constexpr size_t kReadChunk = 64 * 1024;

int g_childPipe[2] = {-1, -1}; // SIGCHLD wakes the handler's poll loop

void onChild(int)
{
    const int saved = errno;
    const char byte = 0;
    [[maybe_unused]] const ssize_t n = ::write(g_childPipe[1], &byte, 1);
    errno = saved;
}

uint32_t readBE32(const char *p)
{
    return (uint32_t(uint8_t(p[0])) << 24) | (uint32_t(uint8_t(p[1])) << 16) | (uint32_t(uint8_t(p[2])) << 8) |
           uint32_t(uint8_t(p[3]));
}

uint16_t readBE16(const char *p)
{
    return uint16_t((uint16_t(uint8_t(p[0])) << 8) | uint8_t(p[1]));
}

struct Frame
{
    char type = 0;
    std::string payload;
};

/// Incoming bytes cut into frames.
class FrameReader
{
public:
    /// Appends what `fd` has; false on EOF or error.
    bool fill(int fd)
    {
        char buf[kReadChunk];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return false;
            }
            m_buffer.append(buf, size_t(n));
            return true;
        }
    }
    /// 1: a frame, 0: need more, -1: a frame too large.
    int next(Frame *frame)
    {
        if (m_buffer.size() < 5) {
            return 0;
        }
        const uint32_t size = readBE32(m_buffer.data() + 1);
        if (size > kMaxFrame) {
            return -1;
        }
        if (m_buffer.size() < 5 + size_t(size)) {
            return 0;
        }
        frame->type = m_buffer[0];
        frame->payload.assign(m_buffer, 5, size);
        m_buffer.erase(0, 5 + size_t(size));
        return 1;
    }

    /// What arrived after the frames read so far.
    std::string takeRest() { return std::exchange(m_buffer, {}); }

private:
    std::string m_buffer;
};

struct Spec
{
    std::vector<std::string> argv;
    std::vector<std::string> env;
    std::string workdir;
    bool tty = false;
    bool merge = false;
    winsize size{24, 80, 0, 0};
};

/// Parses an 'S' payload: records [tag:1][length:4][bytes]. Returns an error text or "".
std::string parseSpec(const std::string &payload, Spec *spec)
{
    size_t pos = 0;
    while (pos < payload.size()) {
        if (payload.size() - pos < 5) {
            return "truncated spec record";
        }
        const char tag = payload[pos];
        const uint32_t size = readBE32(payload.data() + pos + 1);
        if (payload.size() - pos - 5 < size) {
            return "spec record longer than the spec";
        }
        std::string value = payload.substr(pos + 5, size);
        pos += 5 + size;
        switch (tag) {
        case 'a':
            spec->argv.push_back(std::move(value));
            break;
        case 'e':
            if (value.find('=') == std::string::npos) {
                return "environment entry without '='";
            }
            spec->env.push_back(std::move(value));
            break;
        case 'w':
            spec->workdir = std::move(value);
            break;
        case 't':
            if (value.size() != 4) {
                return "tty record needs rows and columns";
            }
            spec->tty = true;
            spec->size.ws_row = readBE16(value.data());
            spec->size.ws_col = readBE16(value.data() + 2);
            break;
        case 'm':
            spec->merge = true;
            break;
        default:
            return std::string("unknown spec record '") + tag + "'";
        }
    }
    if (spec->argv.empty()) {
        return "spec without a command";
    }
    for (const std::string &arg : spec->argv) {
        if (arg.find('\0') != std::string::npos) {
            return "argument with a NUL byte";
        }
    }
    return {};
}

/// The command's environment: the container's (ours) with the spec's entries on top.
std::vector<std::string> mergedEnvironment(const Spec &spec)
{
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        env.emplace_back(*e);
    }
    for (const std::string &entry : spec.env) {
        const std::string key = entry.substr(0, entry.find('=') + 1);
        std::erase_if(env, [&](const std::string &existing) { return existing.starts_with(key); });
        env.push_back(entry);
    }
    return env;
}

/// Starts the command in a new session with posix_spawn (a vfork-like clone: cheaper than fork
/// for every command). Pipes: `in`, `out`, `err` become its standard streams; PTY: the secondary
/// is opened by name after setsid, which makes it the controlling terminal. Returns the pid, or
/// -1 with the reason in `*error`.
pid_t spawnCommand(const Spec &spec, int in, int out, int err, const std::string &ttyName, std::string *error)
{
    if (!spec.workdir.empty()) {
        struct stat st{};
        int problem = 0;
        if (::stat(spec.workdir.c_str(), &st) < 0) {
            problem = errno;
        } else if (!S_ISDIR(st.st_mode)) {
            problem = ENOTDIR;
        } else if (::access(spec.workdir.c_str(), X_OK) < 0) {
            problem = errno;
        }
        if (problem != 0) {
            *error = "cannot change to working directory " + spec.workdir + ": " + std::strerror(problem);
            return -1;
        }
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attributes);
    if (!ttyName.empty()) {
        ::posix_spawn_file_actions_addopen(&actions, 0, ttyName.c_str(), O_RDWR, 0);
        ::posix_spawn_file_actions_adddup2(&actions, 0, 1);
        ::posix_spawn_file_actions_adddup2(&actions, 0, 2);
    } else {
        ::posix_spawn_file_actions_adddup2(&actions, in, 0);
        ::posix_spawn_file_actions_adddup2(&actions, out, 1);
        ::posix_spawn_file_actions_adddup2(&actions, err, 2);
    }
    if (!spec.workdir.empty()) {
        ::posix_spawn_file_actions_addchdir_np(&actions, spec.workdir.c_str());
    }
    // Nothing of the helper's leaks into the command.
    ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int sig : {SIGPIPE, SIGCHLD, SIGINT, SIGQUIT, SIGTERM, SIGHUP}) {
        sigaddset(&defaults, sig);
    }
    sigset_t none;
    sigemptyset(&none);
    ::posix_spawnattr_setsigdefault(&attributes, &defaults);
    ::posix_spawnattr_setsigmask(&attributes, &none);
    ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::vector<std::string> envStrings = mergedEnvironment(spec);
    std::vector<char *> env;
    for (std::string &entry : envStrings) {
        env.push_back(entry.data());
    }
    env.push_back(nullptr);
    std::vector<char *> argv;
    for (const std::string &arg : spec.argv) {
        argv.push_back(const_cast<char *>(arg.c_str()));
    }
    argv.push_back(nullptr);
    char **saved = environ;
    environ = env.data(); // posix_spawnp searches the command's PATH
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), env.data());
    environ = saved;
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attributes);
    if (rc != 0) {
        *error = "exec: " + spec.argv[0] + ": " + std::strerror(rc);
        return -1;
    }
    return pid;
}

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/// Reads what `fd` has now and forwards it as `type` frames. False on EOF/EIO (or a dead client).
bool relay(int fd, char type, int conn, bool *clientAlive)
{
    char buf[kReadChunk];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            return true;
        }
        if (n <= 0) {
            return false; // EOF, or EIO on a PTY whose last holder closed it
        }
        if (*clientAlive && !sendFrame(conn, type, buf, size_t(n))) {
            *clientAlive = false;
        }
        if (size_t(n) < sizeof buf) {
            return true;
        }
    }
}

int exitCodeOf(int status)
{
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 255;
}

/// One connection: one command. Runs in its own forked process.
int handleConnection(int conn)
{
    if (::pipe2(g_childPipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        return 1;
    }
    struct sigaction sa{};
    sa.sa_handler = onChild;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    ::sigaction(SIGCHLD, &sa, nullptr);

    if (!sendText(conn, 'V', std::string(kProtocolVersion))) {
        return 1;
    }
    FrameReader reader;
    Frame frame;
    std::string pendingInput;
    bool stdinClosed = false;
    Spec spec;
    for (bool haveSpec = false; !haveSpec;) {
        int got = reader.next(&frame);
        if (got == 0) {
            if (!reader.fill(conn)) {
                return 0; // the client left before asking for anything
            }
            continue;
        }
        if (got < 0) {
            sendText(conn, 'F', "protocol error: frame too large");
            return 1;
        }
        if (frame.type == 'S') {
            const std::string error = parseSpec(frame.payload, &spec);
            if (!error.empty()) {
                sendText(conn, 'F', "protocol error: " + error);
                return 1;
            }
            haveSpec = true;
        } else if (frame.type == 'T') {
            return runTunnel(conn, frame.payload, reader.takeRest());
        } else if (frame.type == 'I') {
            pendingInput += frame.payload;
        } else if (frame.type == 'C') {
            stdinClosed = true;
        }
    }

    int input = -1;  // where stdin bytes go (pipe or PTY primary)
    int output = -1; // stdout (or PTY primary)
    int errors = -1; // stderr unless merged
    int childIn = -1, childOut = -1, childErr = -1, secondary = -1;
    std::string ttyName;
    if (spec.tty) {
        int primary = -1;
        char name[128];
        if (::openpty(&primary, &secondary, name, nullptr, &spec.size) < 0) {
            sendText(conn, 'F', std::string("cannot open a terminal: ") + std::strerror(errno));
            return 1;
        }
        ::fcntl(primary, F_SETFD, FD_CLOEXEC);
        ::fcntl(secondary, F_SETFD, FD_CLOEXEC);
        ttyName = name;
        input = output = primary;
    } else {
        int in[2], out[2], err[2] = {-1, -1};
        if (::pipe2(in, O_CLOEXEC) < 0 || ::pipe2(out, O_CLOEXEC) < 0 || (!spec.merge && ::pipe2(err, O_CLOEXEC) < 0)) {
            sendText(conn, 'F', std::string("cannot create pipes: ") + std::strerror(errno));
            return 1;
        }
        childIn = in[0];
        input = in[1];
        childOut = out[1];
        output = out[0];
        childErr = spec.merge ? out[1] : err[1];
        errors = spec.merge ? -1 : err[0];
    }

    std::string failure;
    const pid_t pid = spawnCommand(spec, childIn, childOut, childErr, ttyName, &failure);
    for (const int fd : {childIn, childOut, spec.merge ? -1 : childErr, secondary}) {
        if (fd >= 0) {
            ::close(fd); // a PTY's secondary stays open in the command until it exits
        }
    }
    if (pid < 0) {
        sendText(conn, 'F', failure);
        return 0;
    }
    const uint32_t pidBE = htonl(uint32_t(pid));
    bool clientAlive = sendFrame(conn, 'P', &pidBE, sizeof pidBE);

    setNonBlocking(input);
    setNonBlocking(output);
    if (errors >= 0) {
        setNonBlocking(errors);
    }
    // Frames after the spec: input, end of input, signals, resizes. False when the client broke
    // the protocol (the command is then killed like for a client that left).
    auto processFrames = [&]() {
        int got;
        while ((got = reader.next(&frame)) != 0) {
            if (got < 0) {
                return false;
            }
            if (frame.type == 'I') {
                pendingInput += frame.payload;
            } else if (frame.type == 'C') {
                stdinClosed = true;
            } else if (frame.type == 'K' && frame.payload.size() == 1) {
                const int sig = uint8_t(frame.payload[0]);
                if (::kill(-pid, sig) < 0) {
                    ::kill(pid, sig);
                }
            } else if (frame.type == 'R' && frame.payload.size() == 4 && spec.tty) {
                winsize ws{readBE16(frame.payload.data()), readBE16(frame.payload.data() + 2), 0, 0};
                ::ioctl(output, TIOCSWINSZ, &ws);
            }
        }
        return true;
    };
    auto abandon = [&] {
        clientAlive = false;
        ::kill(-pid, SIGKILL); // nobody waits for this command any more
        ::kill(pid, SIGKILL);
    };
    if (!processFrames()) {
        abandon();
    }
    bool outputOpen = true;
    bool errorsOpen = errors >= 0;
    bool exited = false;
    int exitStatus = 0;
    while (!exited) {
        pollfd fds[5];
        nfds_t n = 0;
        const nfds_t connIndex = clientAlive ? n++ : nfds_t(-1);
        if (clientAlive) {
            fds[connIndex] = {conn, POLLIN, 0};
        }
        fds[n++] = {g_childPipe[0], POLLIN, 0};
        const nfds_t outIndex = outputOpen ? n++ : nfds_t(-1);
        if (outputOpen) {
            fds[outIndex] = {output, POLLIN, 0};
        }
        const nfds_t errIndex = errorsOpen ? n++ : nfds_t(-1);
        if (errorsOpen) {
            fds[errIndex] = {errors, POLLIN, 0};
        }
        const nfds_t inIndex = (input >= 0 && !pendingInput.empty()) ? n++ : nfds_t(-1);
        if (inIndex != nfds_t(-1)) {
            fds[inIndex] = {input, POLLOUT, 0};
        }
        if (::poll(fds, n, -1) < 0 && errno != EINTR) {
            break;
        }
        if (outIndex != nfds_t(-1) && fds[outIndex].revents) {
            outputOpen = relay(output, 'O', conn, &clientAlive);
        }
        if (errIndex != nfds_t(-1) && fds[errIndex].revents) {
            errorsOpen = relay(errors, 'E', conn, &clientAlive);
        }
        if (inIndex != nfds_t(-1) && fds[inIndex].revents) {
            const ssize_t w = ::write(input, pendingInput.data(), pendingInput.size());
            if (w > 0) {
                pendingInput.erase(0, size_t(w));
            } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                pendingInput.clear(); // the command closed its stdin
            }
        }
        if (connIndex != nfds_t(-1) && fds[connIndex].revents && (!reader.fill(conn) || !processFrames())) {
            abandon();
        }
        if (input >= 0 && !spec.tty && stdinClosed && pendingInput.empty()) {
            ::close(input);
            input = -1;
        }
        char drain[64];
        while (::read(g_childPipe[0], drain, sizeof drain) > 0) {
        }
        int st = 0;
        if (::waitpid(pid, &st, WNOHANG) == pid) {
            exited = true;
            exitStatus = st;
        }
    }
    // The command has exited: forward what it left in the pipes, without waiting for background
    // processes that may still hold them open.
    if (outputOpen) {
        relay(output, 'O', conn, &clientAlive);
    }
    if (errorsOpen) {
        relay(errors, 'E', conn, &clientAlive);
    }
    const uint32_t code = htonl(uint32_t(exitCodeOf(exitStatus)));
    if (clientAlive) {
        sendFrame(conn, 'X', &code, sizeof code);
    }
    return 0;
}

int serve(const char *path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (std::strlen(path) >= sizeof addr.sun_path) {
        std::fprintf(stderr, "sandcastle-exec-helper: socket path too long: %s\n", path);
        return 2;
    }
    std::strcpy(addr.sun_path, path);
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ::unlink(path);
    const mode_t old = ::umask(0177);
    const bool bound = listener >= 0 && ::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    ::umask(old);
    if (!bound || ::listen(listener, 128) < 0) {
        std::fprintf(stderr, "sandcastle-exec-helper: cannot listen on %s: %s\n", path, std::strerror(errno));
        return 1;
    }
    struct sigaction ignore{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, nullptr);
    ::sigaction(SIGCHLD, &ignore, nullptr); // handlers are reaped by the kernel
    for (;;) {
        const int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (conn < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
                continue;
            }
            std::fprintf(stderr, "sandcastle-exec-helper: accept failed: %s\n", std::strerror(errno));
            return 1;
        }
        const pid_t handler = ::fork();
        if (handler == 0) {
            ::close(listener);
            _exit(handleConnection(conn));
        }
        ::close(conn);
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::printf("%.*s\n", int(kProtocolVersion.size()), kProtocolVersion.data());
        return 0;
    }
    if (argc == 3 && std::string_view(argv[1]) == "serve") {
        return serve(argv[2]);
    }
    std::fprintf(stderr, "usage: sandcastle-exec-helper serve SOCKET | --version\n");
    return 2;
}
