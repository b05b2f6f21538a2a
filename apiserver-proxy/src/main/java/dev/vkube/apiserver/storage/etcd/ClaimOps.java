package dev.vkube.apiserver.storage.etcd;

import dev.vkube.apiserver.storage.Claims;
import dev.vkube.apiserver.storage.StorageException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Claims.Change} as the extra parts of one etcd transaction: a "create revision is 0" compare
 * and a put per key taken, a delete per key released, and (in the else branch) a count of each key
 * taken, so that a failed transaction tells which claim another object holds.
 */
final class ClaimOps {
  private static final ClaimOps NONE = new ClaimOps(List.of(), List.of(), List.of());
  private static final GetOption COUNT_ONLY = GetOption.builder().withCountOnly(true).build();

  private final List<String> taken;
  private final List<ByteSequence> values;
  private final List<String> released;

  private ClaimOps(List<String> taken, List<ByteSequence> values, List<String> released) {
    this.taken = taken;
    this.values = values;
    this.released = released;
  }

  static ClaimOps of(Claims.Change change) {
    if (change.isEmpty()) {
      return NONE;
    }
    List<String> keys = new ArrayList<>();
    List<ByteSequence> values = new ArrayList<>();
    for (Map.Entry<String, com.fasterxml.jackson.databind.node.ObjectNode> claim : change.take().entrySet()) {
      keys.add(claim.getKey());
      values.add(ByteSequence.from(EtcdCodec.encode(claim.getValue()).bytes()));
    }
    return new ClaimOps(keys, values, List.copyOf(change.release()));
  }

  /** The object's own compare, then one "absent" compare per key taken. */
  Cmp[] compares(Cmp own) {
    Cmp[] all = new Cmp[1 + taken.size()];
    all[0] = own;
    for (int i = 0; i < taken.size(); i++) {
      all[i + 1] = new Cmp(EtcdCodec.bytes(taken.get(i)), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
    }
    return all;
  }

  /** The object's own write, then the claims' puts and deletes. */
  Op[] writes(Op own) {
    Op[] all = new Op[1 + taken.size() + released.size()];
    all[0] = own;
    for (int i = 0; i < taken.size(); i++) {
      all[i + 1] = Op.put(EtcdCodec.bytes(taken.get(i)), values.get(i), PutOption.DEFAULT);
    }
    for (int i = 0; i < released.size(); i++) {
      all[1 + taken.size() + i] = Op.delete(EtcdCodec.bytes(released.get(i)), DeleteOption.DEFAULT);
    }
    return all;
  }

  /** The object's own read, then a count of each key taken (read by {@link #taken}). */
  Op[] reads(Op own) {
    Op[] all = new Op[1 + taken.size()];
    all[0] = own;
    for (int i = 0; i < taken.size(); i++) {
      all[i + 1] = Op.get(EtcdCodec.bytes(taken.get(i)), COUNT_ONLY);
    }
    return all;
  }

  /** CLAIM_TAKEN for the first key taken that the else branch found present. */
  StorageException taken(List<GetResponse> reads) {
    for (int i = 0; i < taken.size(); i++) {
      if (reads.get(i + 1).getCount() > 0) {
        return new StorageException(StorageException.Code.CLAIM_TAKEN, taken.get(i), "claimed by another object: "
            + taken.get(i));
      }
    }
    // The compares failed, yet nothing differs on re-read: a claim was released in between. The caller retries.
    return new StorageException(StorageException.Code.CLAIM_TAKEN, taken.isEmpty() ? null : taken.get(0),
        "claim raced with another write");
  }
}
