package dev.vkube.apiserver.admission;

/** The operation being admitted (admission.Operation). */
public enum Operation { CREATE, UPDATE, DELETE, CONNECT }
