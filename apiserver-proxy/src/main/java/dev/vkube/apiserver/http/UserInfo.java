package dev.vkube.apiserver.http;

import java.util.List;

/** An authenticated user: name and groups (user.Info). */
public record UserInfo(String name, List<String> groups) {}
