package dev.vkube.apiserver.codec;

import static dev.vkube.apiserver.codec.ClientGoBodies.DECODER;
import static dev.vkube.apiserver.codec.ClientGoBodies.body;
import static dev.vkube.apiserver.codec.ClientGoBodies.goObjectMeta;
import static dev.vkube.apiserver.codec.ClientGoBodies.json;
import static dev.vkube.apiserver.codec.ProtobufDecoderTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.proto.Meta.DeleteOptions;
import io.kubernetes.client.proto.Meta.Preconditions;
import io.kubernetes.client.proto.V1Apiextensions.CustomResourceDefinition;
import io.kubernetes.client.proto.V1Apiextensions.CustomResourceDefinitionNames;
import io.kubernetes.client.proto.V1Apiextensions.CustomResourceDefinitionSpec;
import io.kubernetes.client.proto.V1Apiextensions.CustomResourceDefinitionVersion;
import io.kubernetes.client.proto.V1Apiextensions.CustomResourceValidation;
import io.kubernetes.client.proto.V1Apiextensions.JSON;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaProps;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaPropsOrArray;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaPropsOrBool;
import io.kubernetes.client.proto.V1Authorization.ExtraValue;
import io.kubernetes.client.proto.V1Authorization.ResourceAttributes;
import io.kubernetes.client.proto.V1Authorization.SubjectAccessReview;
import io.kubernetes.client.proto.V1Authorization.SubjectAccessReviewSpec;
import io.kubernetes.client.proto.V1Authorization.SubjectAccessReviewStatus;
import org.junit.jupiter.api.Test;

/**
 * The Go types whose JSON is not their fields: apiextensions' schema unions and renamed fields,
 * named string slices, and the meta option kinds every group version accepts.
 */
class ProtobufDecoderShapesTest {

  @Test
  void crdSchemaUsesGoJsonNamesAndUnionShapes() {
    JSONSchemaProps schema =
        JSONSchemaProps.newBuilder()
            .setType("object")
            .setNullable(false)
            .putProperties(
                "replicas",
                JSONSchemaProps.newBuilder()
                    .setType("integer")
                    .setMinimum(1)
                    .setMaximum(10.5)
                    .setDefault(raw("1"))
                    .build())
            .putProperties(
                "mode",
                JSONSchemaProps.newBuilder()
                    .setType("string")
                    .addEnum(raw("\"fast\""))
                    .addEnum(raw("\"safe\""))
                    .build())
            .putProperties(
                "tags",
                JSONSchemaProps.newBuilder()
                    .setType("array")
                    .setItems(
                        JSONSchemaPropsOrArray.newBuilder()
                            .setSchema(JSONSchemaProps.newBuilder().setType("string")))
                    .build())
            .putProperties(
                "extra",
                JSONSchemaProps.newBuilder()
                    .setType("object")
                    .setXKubernetesPreserveUnknownFields(true)
                    .setXKubernetesEmbeddedResource(false)
                    .build())
            .setAdditionalProperties(JSONSchemaPropsOrBool.newBuilder().setAllows(false))
            .build();
    CustomResourceDefinition crd =
        CustomResourceDefinition.newBuilder()
            .setMetadata(goObjectMeta("", "widgets.example.com"))
            .setSpec(
                CustomResourceDefinitionSpec.newBuilder()
                    .setGroup("example.com")
                    .setNames(
                        CustomResourceDefinitionNames.newBuilder()
                            .setPlural("widgets")
                            .setSingular("")
                            .setKind("Widget")
                            .setListKind(""))
                    .setScope("Namespaced")
                    .addVersions(
                        CustomResourceDefinitionVersion.newBuilder()
                            .setName("v1")
                            .setServed(true)
                            .setStorage(true)
                            .setDeprecated(false)
                            .setSchema(
                                CustomResourceValidation.newBuilder().setOpenAPIV3Schema(schema))))
            .build();

    assertEquals(
        json(
            """
            {"kind": "CustomResourceDefinition", "apiVersion": "apiextensions.k8s.io/v1",
             "metadata": {"name": "widgets.example.com"},
             "spec": {"group": "example.com", "names": {"plural": "widgets", "kind": "Widget"},
               "scope": "Namespaced",
               "versions": [{"name": "v1", "served": true, "storage": true,
                 "schema": {"openAPIV3Schema": {"type": "object",
                   "properties": {
                     "replicas": {"type": "integer", "minimum": 1, "maximum": 10.5, "default": 1},
                     "mode": {"type": "string", "enum": ["fast", "safe"]},
                     "tags": {"type": "array", "items": {"type": "string"}},
                     "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                   "additionalProperties": false}}}]}}\
            """),
        DECODER.decode(body("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd)));
  }

  @Test
  void subjectAccessReviewExtraIsAStringListAndAllowedIsKept() {
    SubjectAccessReview review =
        SubjectAccessReview.newBuilder()
            .setMetadata(goObjectMeta("", ""))
            .setSpec(
                SubjectAccessReviewSpec.newBuilder()
                    .setResourceAttributes(
                        ResourceAttributes.newBuilder()
                            .setNamespace("apps")
                            .setVerb("get")
                            .setGroup("")
                            .setVersion("")
                            .setResource("secrets")
                            .setSubresource("")
                            .setName(""))
                    .setUser("alice")
                    .addGroups("dev")
                    .setUid("")
                    .putExtra(
                        "scopes",
                        ExtraValue.newBuilder().addItems("read").addItems("write").build()))
            .setStatus(
                SubjectAccessReviewStatus.newBuilder()
                    .setAllowed(false)
                    .setDenied(false)
                    .setReason("")
                    .setEvaluationError(""))
            .build();

    assertEquals(
        json(
            """
            {"kind": "SubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
             "metadata": {},
             "spec": {"resourceAttributes": {"namespace": "apps", "verb": "get",
                                             "resource": "secrets"},
                      "user": "alice", "groups": ["dev"], "extra": {"scopes": ["read", "write"]}},
             "status": {"allowed": false}}\
            """),
        DECODER.decode(body("authorization.k8s.io/v1", "SubjectAccessReview", review)));
  }

  @Test
  void deleteOptionsDecodeInEveryGroupVersion() {
    DeleteOptions options =
        DeleteOptions.newBuilder()
            .setGracePeriodSeconds(0)
            .setPreconditions(Preconditions.newBuilder().setUid("0b5c6b9e"))
            .setPropagationPolicy("Foreground")
            .build();

    for (String apiVersion : new String[] {"v1", "apps/v1", "batch/v1", "meta.k8s.io/v1"}) {
      assertEquals(
          json(
              """
              {"kind": "DeleteOptions", "apiVersion": "%s",
               "gracePeriodSeconds": 0, "preconditions": {"uid": "0b5c6b9e"},
               "propagationPolicy": "Foreground"}\
              """
                  .formatted(apiVersion)),
          DECODER.decode(body(apiVersion, "DeleteOptions", options)));
    }
  }

  private static JSON raw(String json) {
    return JSON.newBuilder().setRaw(utf8(json)).build();
  }
}
